import 'server-only';
import { gt } from 'drizzle-orm';
import type { Database } from '@/db';
import { plays, type Gap, type IngestRun } from '@/db/schema';
import { getEnv } from '@/lib/env';
import { selectGaps } from '@/db/ingest/gaps';
import { selectQueueByKind, type QueueKindCount } from '@/db/enrich/queue-stats';
import { getPausedUntil, selectLastSuccessfulRun, selectRecentRuns } from '@/db/ingest/runs';
import { selectOwnerAccountSummary, type OwnerAccountSummary } from './spotify-accounts';
import { selectSpotifyRequests, type RequestCounts } from '@/db/ingest/spotify-requests';

const DAY_MS = 86_400_000;

/** Stored plays, or only those that ended after `endedAfter` (epoch ms). */
export function countPlays(db: Database, { endedAfter }: { endedAfter?: number } = {}): Promise<number> {
  return db.$count(plays, endedAfter === undefined ? undefined : gt(plays.endedAt, endedAfter));
}

export type PipelineStatus = {
  /** The instant the status was read at. */
  now: number;
  connection: OwnerAccountSummary | null;
  recentRuns: IngestRun[];
  lastSuccessfulRun: IngestRun | null;
  playsLast24h: number;
  gaps: Gap[];
  /** The enrichment queue by kind, every kind present. */
  queueByKind: QueueKindCount[];
  /** Spotify Web API requests of the last 24 h, and the daily budget enrichment may use of them. */
  requests: RequestCounts;
  budget: number;
  pausedUntil: number | null;
};

/** Everything /status shows. Never the tokens: only the connection's public facts. */
export async function selectPipelineStatus(db: Database, now = Date.now()): Promise<PipelineStatus> {
  const [connection, recentRuns, lastSuccessfulRun, playsLast24h, gaps, queueByKind, requests, pausedUntil] = await Promise.all([
    selectOwnerAccountSummary(db),
    selectRecentRuns(db, { limit: 20 }),
    selectLastSuccessfulRun(db),
    countPlays(db, { endedAfter: now - DAY_MS }),
    selectGaps(db),
    selectQueueByKind(db, now),
    selectSpotifyRequests(db, now),
    getPausedUntil(db),
  ]);
  return {
    now,
    connection,
    recentRuns,
    lastSuccessfulRun,
    playsLast24h,
    gaps,
    queueByKind,
    requests,
    budget: getEnv().SPOTIFY_DAILY_BUDGET,
    pausedUntil: pausedUntil !== null && pausedUntil > now ? pausedUntil : null,
  };
}

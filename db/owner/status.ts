import 'server-only';
import type { Database } from '@/db';
import type { Gap, IngestRun } from '@/db/schema';
import { getEnv } from '@/lib/env';
import { selectGaps } from '@/db/ingest/gaps';
import { selectQueueByKind, type QueueKindCount } from '@/db/enrich/queue-stats';
import { getPausedUntil, selectLastSuccessfulRun, selectRecentRuns } from '@/db/ingest/runs';
import { getOwnerAccount } from './spotify-accounts';
import { selectSpotifyRequests, type RequestCounts } from '@/db/ingest/spotify-requests';
import { readRows } from '@/db/sql';

export type PipelineStatus = {
  /** The instant the status was read at. */
  now: number;
  connection: {
    spotifyUserId: string;
    displayName: string | null;
    status: 'connected' | 'needs_reconnect';
    statusReason: string | null;
    authorizedAt: number;
  } | null;
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
  const [account, recentRuns, lastSuccessfulRun, [recent], gaps, queueByKind, requests, pausedUntil] = await Promise.all([
    getOwnerAccount(db),
    selectRecentRuns(db, 20),
    selectLastSuccessfulRun(db),
    readRows<{ n: number }>(db, 'SELECT count(*) AS n FROM plays WHERE ended_at > ?', [now - 86_400_000]),
    selectGaps(db),
    selectQueueByKind(db, now),
    selectSpotifyRequests(db, now),
    getPausedUntil(db),
  ]);
  return {
    now,
    connection: account && {
      spotifyUserId: account.spotifyUserId,
      displayName: account.displayName,
      status: account.status,
      statusReason: account.statusReason,
      authorizedAt: account.authorizedAt,
    },
    recentRuns,
    lastSuccessfulRun,
    playsLast24h: recent?.n ?? 0,
    gaps,
    queueByKind,
    requests,
    budget: getEnv().SPOTIFY_DAILY_BUDGET,
    pausedUntil: pausedUntil !== null && pausedUntil > now ? pausedUntil : null,
  };
}

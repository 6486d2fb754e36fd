import type { QueueKind, QueueKindCount } from '@/db/enrich/queue-stats';
import { formatDateTime } from '@/lib/format';
import { OEMBED_INTERVAL_MS } from '@/lib/spotify/oembed';

/**
 * When the enrichment queue will be empty, roughly. A model, not a promise; its assumptions:
 *
 * - Only tasks that have not failed are counted. Failed ones wait for their backoff (30 days
 *   for artists MusicBrainz does not know) and may never succeed; /status shows them apart.
 * - Every artist picture queues that artist's genre lookup, so pending 'artist' tasks count
 *   as genre work too.
 * - Artwork (oEmbed) costs OEMBED_INTERVAL_MS of run time a task, response time aside; genres
 *   cost GENRE_BATCH_MS per GENRE_BATCH artists (a MusicBrainz and a ListenBrainz request at
 *   1/s each); the one-by-one fallbacks are ignored.
 * - Free work shares the runs: each gives about `runBudgetMs` every `runIntervalMs`. The queue
 *   takes the most-played items first whatever their kind, so the free kinds advance together
 *   and end together.
 * - Track credits ('track') are one budgeted Spotify request each: what is left of today's
 *   budget first, then `budget` a day; their run time is ignored. They wait out a Spotify pause
 *   and never move while the budget is 0 or the connection needs a reconnect.
 */
export const GENRE_BATCH = 100;
export const GENRE_BATCH_MS = 2_000;
export const DEFAULT_RUN_INTERVAL_MS = 15 * 60_000;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type Eta = { state: 'done' } | { state: 'pending'; leftMs: number; doneAt: number } | { state: 'never'; reason: string };

export type KindEstimate = { kind: QueueKind; tasks: number; runTimeMs: number; eta: Eta };
export type QueueEstimate = { kinds: KindEstimate[]; overall: Eta };

export type EstimateInput = {
  queue: readonly QueueKindCount[];
  requests: { poll: number; enrich: number };
  /** Enrichment requests allowed in any 24 h (SPOTIFY_DAILY_BUDGET). */
  budget: number;
  now: number;
  runIntervalMs?: number;
  /** Run time each run spends on enrichment. */
  runBudgetMs: number;
  /** A Spotify quota pause: track credits wait for it, free work does not. */
  pausedUntil?: number | null;
  /** False while the connection needs a reconnect: no Spotify work at all. */
  spotifyConnected?: boolean;
};

const FREE_RUN_TIME: Record<Exclude<QueueKind, 'track'>, (tasks: number) => number> = {
  track_art: (tasks) => tasks * OEMBED_INTERVAL_MS,
  artist: (tasks) => tasks * OEMBED_INTERVAL_MS,
  artist_genres: (tasks) => Math.ceil(tasks / GENRE_BATCH) * GENRE_BATCH_MS,
};

const pending = (now: number, leftMs: number): Eta => ({ state: 'pending', leftMs, doneAt: now + leftMs });

function pendingTasks(queue: readonly QueueKindCount[]): Record<QueueKind, number> {
  const tasks: Record<QueueKind, number> = { track_art: 0, artist: 0, artist_genres: 0, track: 0 };
  for (const row of queue) tasks[row.kind] += Math.max(0, row.total - row.failing);
  tasks.artist_genres += tasks.artist;
  return tasks;
}

function estimateTracks(input: EstimateInput, tasks: number, intervalMs: number): Eta {
  const { budget, now } = input;
  if (tasks === 0) return { state: 'done' };
  if (input.spotifyConnected === false) return { state: 'never', reason: 'waits until Spotify is reconnected' };
  if (budget <= 0) return { state: 'never', reason: 'never, while SPOTIFY_DAILY_BUDGET is 0' };
  const waitMs = Math.max(0, (input.pausedUntil ?? now) - now);
  const leftToday = Math.max(0, budget - input.requests.enrich);
  if (tasks <= leftToday) return pending(now, waitMs + intervalMs);
  return pending(now, waitMs + Math.ceil((tasks - leftToday) / budget) * DAY);
}

/** The free kinds' shared end: as many runs as their run time needs, one every interval. */
function estimateFree(runTimeMs: number, input: EstimateInput, intervalMs: number): Eta {
  if (runTimeMs === 0) return { state: 'done' };
  return pending(input.now, Math.ceil(runTimeMs / Math.max(1, input.runBudgetMs)) * intervalMs);
}

function latest(etas: readonly Eta[]): Eta {
  const never = etas.find((eta) => eta.state === 'never');
  if (never) return never;
  const left = etas.flatMap((eta) => (eta.state === 'pending' ? [eta] : []));
  return left.length === 0 ? { state: 'done' } : left.reduce((a, b) => (b.leftMs > a.leftMs ? b : a));
}

export function estimateQueueDone(input: EstimateInput): QueueEstimate {
  const intervalMs = input.runIntervalMs ?? DEFAULT_RUN_INTERVAL_MS;
  const tasks = pendingTasks(input.queue);
  const free = (['track_art', 'artist', 'artist_genres'] as const).map((kind) => ({
    kind,
    tasks: tasks[kind],
    runTimeMs: FREE_RUN_TIME[kind](tasks[kind]),
  }));
  const freeEta = estimateFree(
    free.reduce((sum, kind) => sum + kind.runTimeMs, 0),
    input,
    intervalMs,
  );
  const kinds: KindEstimate[] = [
    ...free.map((kind) => ({ ...kind, eta: kind.tasks === 0 ? ({ state: 'done' } as const) : freeEta })),
    { kind: 'track', tasks: tasks.track, runTimeMs: 0, eta: estimateTracks(input, tasks.track, intervalMs) },
  ];
  return { kinds, overall: latest(kinds.map((kind) => kind.eta)) };
}

/**
 * The usual time between scheduled runs: the median gap between the recent cron runs' starts
 * (a manual run or a busy overlap moves it little), within 5 minutes and a day; the fallback
 * with fewer than three runs.
 */
export function observeRunInterval(startedAts: readonly number[], fallbackMs = DEFAULT_RUN_INTERVAL_MS): number {
  if (startedAts.length < 3) return fallbackMs;
  const sorted = [...startedAts].sort((a, b) => a - b);
  const gaps = sorted
    .slice(1)
    .map((at, i) => at - sorted[i]!)
    .sort((a, b) => a - b);
  const middle = gaps.length / 2;
  const median = gaps.length % 2 ? gaps[Math.floor(middle)]! : (gaps[middle - 1]! + gaps[middle]!) / 2;
  return Math.min(DAY, Math.max(5 * MINUTE, median));
}

const plural = (n: number, unit: string) => (n === 1 ? `about ${unit === 'hour' ? 'an' : 'a'} ${unit}` : `about ${n} ${unit}s`);

/** A span as a reader says it, coarser as it grows: "a few minutes", "about 3 hours", "about 2 weeks". */
export function describeSpan(ms: number): string {
  if (ms < 10 * MINUTE) return 'a few minutes';
  if (ms < 55 * MINUTE) return plural(Math.round(ms / (5 * MINUTE)) * 5, 'minute');
  if (ms < 23.5 * HOUR) return plural(Math.max(1, Math.round(ms / HOUR)), 'hour');
  const days = ms / DAY;
  if (days < 14) return plural(Math.round(days), 'day');
  if (days < 56) return plural(Math.round(days / 7), 'week');
  if (days < 350) return plural(Math.round(days / 30.44), 'month');
  return plural(Math.round(days / 365.25), 'year');
}

/** "done", "done in about 3 hours, by about 2 Mar 2026, 18:00", or why it will not be done. */
export function describeEta(eta: Eta, timeZone: string): string {
  if (eta.state === 'done') return 'done';
  if (eta.state === 'never') return eta.reason;
  const span = describeSpan(eta.leftMs);
  if (eta.leftMs >= 36 * HOUR) {
    const date = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium' }).format(eta.doneAt);
    return `done in ${span}, by about ${date}`;
  }
  const step = eta.leftMs < 90 * MINUTE ? 15 * MINUTE : HOUR;
  return `done in ${span}, by about ${formatDateTime(Math.round(eta.doneAt / step) * step, timeZone)}`;
}

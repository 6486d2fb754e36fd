import type { PollRules } from '@/db/ingest/plays';
import { toLocalParts } from '@/lib/time';

/**
 * What a play is: the rules every writer and reader of plays follows, in one place.
 * The database stores their outcome (`plays.counted`) and is told the windows it searches.
 */

/** A stream counts as a play from 30 s of listening, as Spotify counts streams; shorter ones are kept as skips. */
export const COUNTED_MIN_MS = 30_000;

export const isCounted = (msPlayed: number): boolean => msPlayed >= COUNTED_MIN_MS;

/**
 * Two reports of one track ending within this window are one play: Spotify re-reports a play
 * with a slightly different played_at, and an export's ts (to the second) lands a few seconds
 * from the polled played_at of the same stream. Genuine back-to-back repeats end at least 30 s
 * apart (COUNTED_MIN_MS; shorter plays are not listed by the API).
 */
export const SAME_PLAY_WINDOW_MS = 10_000;

/**
 * Listening time of a polled play is not reported: estimate it as the track's length, but
 * never more than the time since the previous play ended (a skip-ahead shortens it).
 */
export function estimateMsPlayed(durationMs: number, endedAt: number, previousEndedAt: number | null): number {
  if (previousEndedAt === null) return durationMs;
  return Math.max(0, Math.min(durationMs, endedAt - previousEndedAt));
}

/** The rules a poll's plays are written by (writePolledPlays), in the owner's time zone. */
export function pollRules(timeZone: string): PollRules {
  return { samePlayWindowMs: SAME_PLAY_WINDOW_MS, estimateMsPlayed, localParts: (endedAt) => toLocalParts(endedAt, timeZone) };
}

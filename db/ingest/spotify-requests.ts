import 'server-only';
import { gte, lt, sql, sum } from 'drizzle-orm';
import type { Database } from '@/db';
import { spotifyRequests, type SpotifyRequests } from '@/db/schema';

export type RequestPurpose = SpotifyRequests['purpose'];

const HOUR_MS = 3_600_000;
/**
 * The hours summed as "the last 24 hours": the current one and the 24 before it. The oldest is
 * only partly inside the window, so the sum errs on the high side, never low.
 */
const WINDOW_HOURS = 24;

const hourOf = (at: number) => Math.floor(at / HOUR_MS);

/** Counts a request that is always made (polling): nothing refuses it. */
export async function recordSpotifyRequest(db: Database, purpose: RequestPurpose, at: number): Promise<void> {
  await db
    .insert(spotifyRequests)
    .values({ hour: hourOf(at), purpose, requests: 1 })
    .onConflictDoUpdate({
      target: [spotifyRequests.hour, spotifyRequests.purpose],
      set: { requests: sql`${spotifyRequests.requests} + 1` },
    });
}

/**
 * Counts one enrichment request if fewer than `limit` were made in the last 24 hours, in one
 * statement, so two overlapping runs can never both take the last one. False when spent.
 */
export async function takeEnrichmentRequest(db: Database, { at, limit }: { at: number; limit: number }): Promise<boolean> {
  const hour = hourOf(at);
  // Raw SQL: the check and the count are one guarded INSERT…SELECT, which the builder's VALUES insert cannot carry.
  const result = await db.$client.execute({
    sql: `INSERT INTO spotify_requests (hour, purpose, requests)
      SELECT ?, 'enrich', 1 WHERE (SELECT coalesce(sum(requests), 0) FROM spotify_requests WHERE purpose = 'enrich' AND hour >= ?) < ?
      ON CONFLICT (hour, purpose) DO UPDATE SET requests = requests + 1`,
    args: [hour, hour - WINDOW_HOURS, limit],
  });
  return result.rowsAffected > 0;
}

export type RequestCounts = { poll: number; enrich: number };

/** Requests of the last 24 hours by purpose. */
export async function selectSpotifyRequests(db: Database, at: number): Promise<RequestCounts> {
  const rows = await db
    .select({ purpose: spotifyRequests.purpose, requests: sum(spotifyRequests.requests).mapWith(Number) })
    .from(spotifyRequests)
    .where(gte(spotifyRequests.hour, hourOf(at) - WINDOW_HOURS))
    .groupBy(spotifyRequests.purpose);
  const counts: RequestCounts = { poll: 0, enrich: 0 };
  for (const row of rows) counts[row.purpose] = row.requests;
  return counts;
}

/** Hours no window will read again. */
export async function pruneSpotifyRequests(db: Database, at: number): Promise<void> {
  await db.delete(spotifyRequests).where(lt(spotifyRequests.hour, hourOf(at) - 2 * WINDOW_HOURS));
}

import 'server-only';
import type { Database } from '@/db';
import type { SpotifyRequests } from '@/db/schema';
import { readRows } from '@/db/sql';

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
  await db.$client.execute({
    sql: `INSERT INTO spotify_requests (hour, purpose, requests) VALUES (?, ?, 1)
      ON CONFLICT (hour, purpose) DO UPDATE SET requests = requests + 1`,
    args: [hourOf(at), purpose],
  });
}

/**
 * Counts one enrichment request if fewer than `limit` were made in the last 24 hours, in one
 * statement, so two overlapping runs can never both take the last one. False when spent.
 */
export async function takeEnrichmentRequest(db: Database, at: number, limit: number): Promise<boolean> {
  const hour = hourOf(at);
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
  const rows = await readRows<{ purpose: RequestPurpose; requests: number }>(
    db,
    'SELECT purpose, sum(requests) AS requests FROM spotify_requests WHERE hour >= ? GROUP BY purpose',
    [hourOf(at) - WINDOW_HOURS],
  );
  const counts: RequestCounts = { poll: 0, enrich: 0 };
  for (const row of rows) counts[row.purpose] = row.requests;
  return counts;
}

/** Hours no window will read again. */
export async function pruneSpotifyRequests(db: Database, at: number): Promise<void> {
  await db.$client.execute({ sql: 'DELETE FROM spotify_requests WHERE hour < ?', args: [hourOf(at) - 2 * WINDOW_HOURS] });
}

import 'server-only';
import type { Database } from '@/db';
import type { EnrichmentTask } from '@/db/schema';
import { readRows } from '@/db/sql';

export type QueueKind = EnrichmentTask['kind'];

/** One kind of task in the queue: all of them, those due now, and those that have failed before. */
export type QueueKindCount = { kind: QueueKind; total: number; due: number; failing: number };

/**
 * The enrichment queue by kind, every kind present (zeros included), in the order /status
 * lists them: the free artwork, the free genres, then the budgeted Spotify lookups.
 */
export async function selectQueueByKind(db: Database, now: number): Promise<QueueKindCount[]> {
  // Raw SQL: a count per kind, zeros included, is one statement over a VALUES list of the kinds.
  return readRows<QueueKindCount>(
    db,
    `WITH kinds (kind, position) AS (VALUES ('track_art', 1), ('artist', 2), ('artist_genres', 3), ('track', 4))
    SELECT k.kind, count(q.id) AS total, coalesce(sum(q.next_attempt_at <= ?), 0) AS due, coalesce(sum(q.attempts > 0), 0) AS failing
      FROM kinds k LEFT JOIN enrichment_queue q ON q.kind = k.kind
      GROUP BY k.kind, k.position ORDER BY k.position`,
    [now],
  );
}

import 'server-only';
import type { InStatement } from '@libsql/client';
import type { Database } from '@/db';
import type { EnrichmentTask } from '@/db/schema';
import { slugify } from '@/lib/names';
import { REBUILD_ENTITY_STATS } from '@/db/rollups';
import { readRows } from '@/db/sql';

type TaskKind = EnrichmentTask['kind'];

/**
 * The next due tasks among `kinds`, most visible first: items played since `recentSince` (on
 * the default four-week pages) before the rest, then by all-time plays, so the top of every
 * list is done first; then free work before the budgeted, and the oldest task.
 */
export type QueuedTask = EnrichmentTask & { spotifyId: string | null };

export async function selectNextTasks(
  db: Database,
  kinds: readonly TaskKind[],
  now: number,
  recentSince: number,
  limit: number,
): Promise<QueuedTask[]> {
  if (kinds.length === 0) return [];
  return readRows<QueuedTask>(
    db,
    `SELECT q.id, q.kind, q.target_id AS targetId, q.attempts, q.next_attempt_at AS nextAttemptAt, q.last_error AS lastError, q.created_at AS createdAt,
        CASE WHEN q.kind IN ('track', 'track_art') THEN (SELECT spotify_id FROM tracks WHERE id = q.target_id)
          ELSE (SELECT spotify_id FROM artists WHERE id = q.target_id) END AS spotifyId
      FROM enrichment_queue q
      LEFT JOIN track_stats ts ON q.kind IN ('track', 'track_art') AND ts.track_id = q.target_id
      LEFT JOIN artist_stats ast ON q.kind IN ('artist', 'artist_genres') AND ast.id = q.target_id
      WHERE q.next_attempt_at <= ? AND q.kind IN (${kinds.map(() => '?').join(',')})
      ORDER BY coalesce(CASE WHEN q.kind IN ('track', 'track_art') THEN ts.last_ended_at
          ELSE (SELECT max(s.last_ended_at) FROM track_artists ta JOIN track_stats s ON s.track_id = ta.track_id WHERE ta.artist_id = q.target_id) END, 0) >= ? DESC,
        coalesce(ts.plays, ast.plays, 0) DESC,
        CASE q.kind WHEN 'track_art' THEN 0 WHEN 'artist' THEN 1 WHEN 'track' THEN 2 ELSE 3 END, q.id
      LIMIT ?`,
    [now, ...kinds, recentSince, limit],
  );
}

/**
 * Takes the tasks for this run: each is moved `until` into the future, so an overlapping run
 * (a cron run beside `npm run enrich`) does not do it too, and spend budget twice on it. Only
 * the ids still due when the statement ran come back. Done tasks are deleted; failed ones get
 * their own next attempt; tasks a run took but did not reach are due again at `until`.
 */
export async function leaseTasks(db: Database, ids: readonly number[], now: number, until: number): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await readRows<{ id: number }>(
    db,
    'UPDATE enrichment_queue SET next_attempt_at = ? WHERE id IN (SELECT value FROM json_each(?)) AND next_attempt_at <= ? RETURNING id',
    [until, JSON.stringify(ids), now],
  );
  return new Set(rows.map((row) => row.id));
}

/** Leased tasks still as leaseTasks left them (neither done nor rescheduled) are due again at `now`. */
export async function releaseTasks(db: Database, ids: readonly number[], until: number, now: number): Promise<void> {
  if (ids.length === 0) return;
  await db.$client.execute({
    sql: 'UPDATE enrichment_queue SET next_attempt_at = ? WHERE id IN (SELECT value FROM json_each(?)) AND next_attempt_at = ?',
    args: [now, JSON.stringify(ids), until],
  });
}

export async function deleteTask(db: Database, id: number): Promise<void> {
  await db.$client.execute({ sql: 'DELETE FROM enrichment_queue WHERE id = ?', args: [id] });
}

export async function rescheduleTask(db: Database, id: number, nextAttemptAt: number, error: string, countAttempt = true): Promise<void> {
  await db.$client.execute({
    sql: 'UPDATE enrichment_queue SET attempts = attempts + ?, next_attempt_at = ?, last_error = ? WHERE id = ?',
    args: [countAttempt ? 1 : 0, nextAttemptAt, error.slice(0, 500), id],
  });
}

export type Artwork = { task: Pick<EnrichmentTask, 'id' | 'kind' | 'targetId'>; imageUrl: string | null };

/**
 * The artwork of a batch of tasks, in one transaction and one round trip: a track's cover goes
 * on its album unless the album has one, an artist's picture on the artist, who is then queued
 * for genres. Each task is done.
 */
export async function saveArtwork(db: Database, found: readonly Artwork[], now: number): Promise<void> {
  const statements: InStatement[] = [];
  for (const { task, imageUrl } of found) {
    if (task.kind === 'track_art' && imageUrl) {
      statements.push({
        sql: 'UPDATE albums SET image_url = ? WHERE id = (SELECT album_id FROM tracks WHERE id = ?) AND image_url IS NULL',
        args: [imageUrl, task.targetId],
      });
    }
    if (task.kind === 'artist') {
      statements.push(
        { sql: 'UPDATE artists SET image_url = coalesce(?, image_url) WHERE id = ?', args: [imageUrl, task.targetId] },
        {
          sql: `INSERT INTO enrichment_queue (kind, target_id, next_attempt_at, created_at) VALUES ('artist_genres', ?, ?, ?)
            ON CONFLICT (kind, target_id) DO NOTHING`,
          args: [task.targetId, now, now],
        },
      );
    }
    statements.push({ sql: 'DELETE FROM enrichment_queue WHERE id = ?', args: [task.id] });
  }
  if (statements.length > 0) await db.$client.batch(statements, 'write');
}

export type WeightedGenre = { name: string; weight: number };

/** Replaces the artist's genres from one source and rebuilds the genre rollups, atomically. */
export async function saveArtistGenres(
  db: Database,
  artistId: number,
  genres: readonly WeightedGenre[],
  source: 'spotify' | 'musicbrainz',
  musicbrainzId: string | null,
): Promise<void> {
  const tx = await db.$client.transaction('write');
  try {
    if (musicbrainzId) await tx.execute({ sql: 'UPDATE artists SET musicbrainz_id = ? WHERE id = ?', args: [musicbrainzId, artistId] });
    await tx.execute({ sql: 'DELETE FROM artist_genres WHERE artist_id = ? AND source = ?', args: [artistId, source] });
    for (const genre of genres) {
      const slug = slugify(genre.name);
      await tx.execute({ sql: 'INSERT INTO genres (slug, name) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING', args: [slug, genre.name] });
      await tx.execute({
        sql: `INSERT INTO artist_genres (artist_id, genre_id, weight, source) SELECT ?, id, ?, ? FROM genres WHERE slug = ?
          ON CONFLICT (artist_id, genre_id) DO NOTHING`,
        args: [artistId, genre.weight, source, slug],
      });
    }
    await tx.batch(REBUILD_ENTITY_STATS);
    await tx.commit();
  } finally {
    tx.close();
  }
}

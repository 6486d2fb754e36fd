import 'server-only';
import type { InStatement } from '@libsql/client';
import { and, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Database } from '@/db';
import { albums, artists, enrichmentQueue, tracks, type EnrichmentTask } from '@/db/schema';
import { REBUILD_ENTITY_STATS } from '@/db/rollups';
import { readRows } from '@/db/sql';

type TaskKind = EnrichmentTask['kind'];

export type QueuedTask = EnrichmentTask & { spotifyId: string | null };

/**
 * The next due tasks among `kinds`, most visible first: items played since `recentSince` (on
 * the default four-week pages) before the rest, then by all-time plays, so the top of every
 * list is done first; then free work before the budgeted, and the oldest task.
 */
export async function selectNextTasks(
  db: Database,
  { kinds, now, recentSince, limit }: { kinds: readonly TaskKind[]; now: number; recentSince: number; limit: number },
): Promise<QueuedTask[]> {
  if (kinds.length === 0) return [];
  // Raw SQL: the queue's priority rule, ranked by correlated subqueries per kind, reads best as one statement.
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
export async function leaseTasks(
  db: Database,
  { ids, now, until }: { ids: readonly number[]; now: number; until: number },
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .update(enrichmentQueue)
    .set({ nextAttemptAt: until })
    .where(and(inArray(enrichmentQueue.id, [...ids]), lte(enrichmentQueue.nextAttemptAt, now)))
    .returning({ id: enrichmentQueue.id });
  return new Set(rows.map((row) => row.id));
}

/** Leased tasks still as leaseTasks left them (neither done nor rescheduled) are due again at `now`. */
export async function releaseTasks(
  db: Database,
  { ids, until, now }: { ids: readonly number[]; until: number; now: number },
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(enrichmentQueue)
    .set({ nextAttemptAt: now })
    .where(and(inArray(enrichmentQueue.id, [...ids]), eq(enrichmentQueue.nextAttemptAt, until)));
}

export async function deleteTask(db: Database, id: number): Promise<void> {
  await db.delete(enrichmentQueue).where(eq(enrichmentQueue.id, id));
}

export type Reschedule = {
  id: number;
  nextAttemptAt: number;
  error: string;
  /** False when the failure was not the task's (a service's throttling): the backoff does not grow. */
  countAttempt?: boolean;
};

export async function rescheduleTask(db: Database, { id, nextAttemptAt, error, countAttempt = true }: Reschedule): Promise<void> {
  await db
    .update(enrichmentQueue)
    .set({
      nextAttemptAt,
      lastError: error.slice(0, 500),
      ...(countAttempt && { attempts: sql`${enrichmentQueue.attempts} + 1` }),
    })
    .where(eq(enrichmentQueue.id, id));
}

export type Artwork = { task: Pick<EnrichmentTask, 'id' | 'kind' | 'targetId'>; imageUrl: string | null };

/**
 * The artwork of a batch of tasks, in one transaction and one round trip: a track's cover goes
 * on its album unless the album has one, an artist's picture on the artist, who is then queued
 * for genres. Each task is done.
 */
export async function saveArtwork(db: Database, found: readonly Artwork[], now: number): Promise<void> {
  const statements: BatchItem<'sqlite'>[] = [];
  for (const { task, imageUrl } of found) {
    if (task.kind === 'track_art' && imageUrl) {
      const albumOfTrack = db.select({ albumId: tracks.albumId }).from(tracks).where(eq(tracks.id, task.targetId));
      statements.push(
        db
          .update(albums)
          .set({ imageUrl })
          .where(and(eq(albums.id, albumOfTrack), isNull(albums.imageUrl))),
      );
    }
    if (task.kind === 'artist') {
      if (imageUrl) statements.push(db.update(artists).set({ imageUrl }).where(eq(artists.id, task.targetId)));
      statements.push(
        db
          .insert(enrichmentQueue)
          .values({ kind: 'artist_genres', targetId: task.targetId, nextAttemptAt: now, createdAt: now })
          .onConflictDoNothing({ target: [enrichmentQueue.kind, enrichmentQueue.targetId] }),
      );
    }
    statements.push(db.delete(enrichmentQueue).where(eq(enrichmentQueue.id, task.id)));
  }
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}

/** A genre to save, its slug computed by the caller (lib/names slugify). */
export type SluggedGenre = { slug: string; name: string; weight: number };

/**
 * Replaces the artist's genres from one source and rebuilds the genre rollups, atomically. Of
 * genres that share a slug the first wins.
 */
export async function saveArtistGenres(
  db: Database,
  {
    artistId,
    genres,
    source,
    musicbrainzId,
  }: { artistId: number; genres: readonly SluggedGenre[]; source: 'spotify' | 'musicbrainz'; musicbrainzId: string | null },
): Promise<void> {
  // Raw SQL, as its bulk twin saveGenreOutcome (db/enrich/genres.ts): the raw rollup rebuild must share its batch.
  const statements: InStatement[] = [];
  if (musicbrainzId) statements.push({ sql: 'UPDATE artists SET musicbrainz_id = ? WHERE id = ?', args: [musicbrainzId, artistId] });
  statements.push({ sql: 'DELETE FROM artist_genres WHERE artist_id = ? AND source = ?', args: [artistId, source] });
  for (const genre of genres) {
    statements.push(
      { sql: 'INSERT INTO genres (slug, name) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING', args: [genre.slug, genre.name] },
      {
        sql: `INSERT INTO artist_genres (artist_id, genre_id, weight, source) SELECT ?, id, ?, ? FROM genres WHERE slug = ?
          ON CONFLICT (artist_id, genre_id) DO NOTHING`,
        args: [artistId, genre.weight, source, genre.slug],
      },
    );
  }
  // One batch: one round trip and one transaction, none left open between statements.
  await db.$client.batch([...statements, ...REBUILD_ENTITY_STATS], 'write');
}

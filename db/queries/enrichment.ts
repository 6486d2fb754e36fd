import 'server-only';
import type { Database } from '@/db';
import type { EnrichmentTask } from '@/db/schema';
import { slugify } from '@/lib/names';
import { enqueueTask } from './catalog-writes';
import { REBUILD_ENTITY_STATS } from './rollups';
import { readRows } from './sql';

type TaskKind = EnrichmentTask['kind'];

/** The next due task among `kinds`: tracks first (they fix credits), then images, then genres. */
export async function selectNextTask(db: Database, kinds: readonly TaskKind[], now: number): Promise<EnrichmentTask | null> {
  if (kinds.length === 0) return null;
  const [row] = await readRows<EnrichmentTask>(
    db,
    `SELECT id, kind, target_id AS targetId, attempts, next_attempt_at AS nextAttemptAt, last_error AS lastError, created_at AS createdAt
      FROM enrichment_queue WHERE next_attempt_at <= ? AND kind IN (${kinds.map(() => '?').join(',')})
      ORDER BY CASE kind WHEN 'track' THEN 0 WHEN 'artist' THEN 1 ELSE 2 END, next_attempt_at, id LIMIT 1`,
    [now, ...kinds],
  );
  return row ?? null;
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

export async function countQueue(db: Database, now: number): Promise<{ total: number; due: number }> {
  const [row] = await readRows<{ total: number; due: number }>(
    db,
    'SELECT count(*) AS total, coalesce(sum(next_attempt_at <= ?), 0) AS due FROM enrichment_queue',
    [now],
  );
  return row ?? { total: 0, due: 0 };
}

export async function selectArtistSpotifyId(db: Database, artistId: number): Promise<string | null> {
  const [row] = await readRows<{ spotifyId: string | null }>(db, 'SELECT spotify_id AS spotifyId FROM artists WHERE id = ?', [artistId]);
  return row?.spotifyId ?? null;
}

export async function selectTrackSpotifyId(db: Database, trackId: number): Promise<string | null> {
  const [row] = await readRows<{ spotifyId: string | null }>(db, 'SELECT spotify_id AS spotifyId FROM tracks WHERE id = ?', [trackId]);
  return row?.spotifyId ?? null;
}

/** Saves an artist's image; with no Spotify genres, queues the MusicBrainz lookup. */
export async function saveArtistImage(db: Database, artistId: number, imageUrl: string | null, needsGenres: boolean, now: number): Promise<void> {
  const tx = await db.$client.transaction('write');
  try {
    await tx.execute({ sql: 'UPDATE artists SET image_url = coalesce(?, image_url) WHERE id = ?', args: [imageUrl, artistId] });
    if (needsGenres) await enqueueTask(tx, 'artist_genres', artistId, now);
    await tx.commit();
  } finally {
    tx.close();
  }
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

import 'server-only';
import type { Transaction } from '@libsql/client';
import type { Database } from '@/db';
import type { MappedTrack } from '@/lib/spotify/map';
import { ensureAlbum, replaceCredits } from '@/db/ingest/catalog';
import { REBUILD_ENTITY_STATS } from '@/db/rollups';
import { toObjects } from '@/db/sql';

type Credit = { artistId: number; spotifyId: string | null; nameKey: string };

async function selectCredits(tx: Transaction, trackId: number): Promise<Credit[]> {
  return toObjects<Credit>(
    await tx.execute({
      sql: `SELECT a.id AS artistId, a.spotify_id AS spotifyId, a.name_key AS nameKey FROM track_artists ta
        JOIN artists a ON a.id = ta.artist_id WHERE ta.track_id = ? ORDER BY ta.position`,
      args: [trackId],
    }),
  );
}

async function countRows(tx: Transaction, sql: string, id: number): Promise<number> {
  const [row] = toObjects<{ n: number }>(await tx.execute({ sql, args: [id] }));
  return row?.n ?? 0;
}

/**
 * A name-only artist (from an export) becomes the real one once none of its tracks is left
 * unresolved: its albums move over and the row goes. Play counts never change — plays
 * belong to tracks, and the track keeps its id.
 */
async function mergeNameOnlyArtist(tx: Transaction, old: Credit): Promise<void> {
  if (old.spotifyId !== null) return;
  if ((await countRows(tx, 'SELECT count(*) AS n FROM track_artists WHERE artist_id = ?', old.artistId)) > 0) return;
  const [real] = toObjects<{ id: number }>(
    await tx.execute({
      sql: 'SELECT id FROM artists WHERE name_key = ? AND spotify_id IS NOT NULL ORDER BY id LIMIT 1',
      args: [old.nameKey],
    }),
  );
  if (!real) return;
  await tx.execute({ sql: 'UPDATE albums SET artist_id = ? WHERE artist_id = ?', args: [real.id, old.artistId] });
  await tx.execute({
    sql: `INSERT INTO artist_genres (artist_id, genre_id, weight, source) SELECT ?, genre_id, weight, source FROM artist_genres
      WHERE artist_id = ? ON CONFLICT (artist_id, genre_id) DO NOTHING`,
    args: [real.id, old.artistId],
  });
  await tx.execute({ sql: 'DELETE FROM artists WHERE id = ?', args: [old.artistId] });
}

/** A name-only album (from an export) left without tracks once its tracks have a real one. */
async function dropOrphanAlbum(tx: Transaction, albumId: number | null, keepId: number | null): Promise<void> {
  if (albumId === null || albumId === keepId) return;
  const [album] = toObjects<{ spotifyId: string | null }>(
    await tx.execute({ sql: 'SELECT spotify_id AS spotifyId FROM albums WHERE id = ?', args: [albumId] }),
  );
  if (!album || album.spotifyId !== null) return;
  if ((await countRows(tx, 'SELECT count(*) AS n FROM tracks WHERE album_id = ?', albumId)) > 0) return;
  await tx.execute({ sql: 'DELETE FROM albums WHERE id = ?', args: [albumId] });
}

/**
 * Gives tracks known from an export their real credits, album and duration from GET
 * /tracks/{id}, merging name-only artists into the real ones, and marks their tasks done: one
 * transaction with the rollups rebuilt once (a rebuild reads every track's totals, so one per
 * track would cost more than the rest, and Turso bills rows read).
 */
export async function applyResolvedTracks(
  db: Database,
  resolved: readonly { trackId: number; taskId: number; track: MappedTrack }[],
  now: number,
): Promise<void> {
  if (resolved.length === 0) return;
  const tx = await db.$client.transaction('write');
  try {
    for (const { trackId, taskId, track } of resolved) {
      await tx.execute({ sql: 'DELETE FROM enrichment_queue WHERE id = ?', args: [taskId] });
      const [row] = toObjects<{ albumId: number | null }>(
        await tx.execute({ sql: 'SELECT album_id AS albumId FROM tracks WHERE id = ?', args: [trackId] }),
      );
      if (!row) continue;
      const oldCredits = await selectCredits(tx, trackId);
      const albumId = await ensureAlbum(tx, track.album, now);
      await replaceCredits(tx, trackId, track.artists, now);
      await tx.execute({
        sql: 'UPDATE tracks SET album_id = coalesce(?, album_id), duration_ms = ? WHERE id = ?',
        args: [albumId, track.durationMs, trackId],
      });
      for (const credit of oldCredits) await mergeNameOnlyArtist(tx, credit);
      await dropOrphanAlbum(tx, row.albumId, albumId);
    }
    await tx.batch(REBUILD_ENTITY_STATS);
    await tx.commit();
  } finally {
    tx.close();
  }
}

/**
 * A track known only by name (basic export: no URIs) becomes the known track with the same
 * artist and title, if there is one: its plays move over (one that would collide with a play
 * of that track ending in the same millisecond is the same play and goes), then the name-only
 * track, its credits and any name-only artist or album left without tracks go. Returns the
 * id it was merged into, or null when no known track matches yet.
 */
export async function mergeNameOnlyTrack(db: Database, trackId: number): Promise<number | null> {
  const tx = await db.$client.transaction('write');
  try {
    const [row] = toObjects<{ albumId: number | null; realId: number | null }>(
      await tx.execute({
        sql: `SELECT t.album_id AS albumId, (SELECT r.id FROM tracks r WHERE r.lookup_key = t.lookup_key AND r.spotify_id IS NOT NULL
            ORDER BY r.id LIMIT 1) AS realId FROM tracks t WHERE t.id = ? AND t.spotify_id IS NULL`,
        args: [trackId],
      }),
    );
    if (!row || row.realId === null) return null;
    const oldCredits = await selectCredits(tx, trackId);
    await tx.execute({ sql: 'UPDATE OR IGNORE plays SET track_id = ? WHERE track_id = ?', args: [row.realId, trackId] });
    await tx.execute({ sql: 'DELETE FROM plays WHERE track_id = ?', args: [trackId] });
    await tx.execute({ sql: 'DELETE FROM track_artists WHERE track_id = ?', args: [trackId] });
    await tx.execute({ sql: 'DELETE FROM track_stats WHERE track_id = ?', args: [trackId] });
    await tx.execute({ sql: "DELETE FROM enrichment_queue WHERE kind IN ('track', 'track_art') AND target_id = ?", args: [trackId] });
    await tx.execute({ sql: 'DELETE FROM tracks WHERE id = ?', args: [trackId] });
    for (const credit of oldCredits) await mergeNameOnlyArtist(tx, credit);
    await dropOrphanAlbum(tx, row.albumId, null);
    await tx.batch(REBUILD_ENTITY_STATS);
    await tx.commit();
    return row.realId;
  } finally {
    tx.close();
  }
}

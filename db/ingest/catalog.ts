import 'server-only';
import type { Transaction } from '@libsql/client';
import type { EnrichmentTask } from '@/db/schema';
import type { MappedArtist, MappedTrack } from '@/lib/spotify/map';
import { toObjects } from '@/db/sql';

/**
 * Catalogue writes shared by ingestion and the enrichment queue, inside the caller's
 * transaction. Artists and albums are matched by Spotify id; new artists are queued for
 * their image and genres.
 */
async function idBySpotifyId(tx: Transaction, table: 'artists' | 'albums' | 'tracks', spotifyId: string): Promise<number | null> {
  const [row] = toObjects<{ id: number }>(await tx.execute({ sql: `SELECT id FROM ${table} WHERE spotify_id = ?`, args: [spotifyId] }));
  return row?.id ?? null;
}

export async function enqueueTask(tx: Transaction, kind: EnrichmentTask['kind'], targetId: number, now: number): Promise<void> {
  await tx.execute({
    sql: `INSERT INTO enrichment_queue (kind, target_id, next_attempt_at, created_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (kind, target_id) DO NOTHING`,
    args: [kind, targetId, now, now],
  });
}

/** The artist's id; a new one is created and queued for enrichment. */
export async function ensureArtist(tx: Transaction, artist: MappedArtist, now: number): Promise<number> {
  const existing = await idBySpotifyId(tx, 'artists', artist.spotifyId);
  if (existing !== null) return existing;
  const result = await tx.execute({
    sql: 'INSERT INTO artists (spotify_id, name, name_key) VALUES (?, ?, ?)',
    args: [artist.spotifyId, artist.name, artist.nameKey],
  });
  const id = Number(result.lastInsertRowid);
  await enqueueTask(tx, 'artist', id, now);
  return id;
}

export async function ensureAlbum(tx: Transaction, album: MappedTrack['album'], now: number): Promise<number | null> {
  if (!album.spotifyId) return null;
  const existing = await idBySpotifyId(tx, 'albums', album.spotifyId);
  const artistId = album.artist ? await ensureArtist(tx, album.artist, now) : null;
  if (existing !== null) {
    await tx.execute({
      sql: 'UPDATE albums SET image_url = coalesce(image_url, ?), release_date = coalesce(release_date, ?), artist_id = coalesce(artist_id, ?) WHERE id = ?',
      args: [album.imageUrl, album.releaseDate, artistId, existing],
    });
    return existing;
  }
  const result = await tx.execute({
    sql: 'INSERT INTO albums (spotify_id, name, name_key, artist_id, image_url, release_date) VALUES (?, ?, ?, ?, ?, ?)',
    args: [album.spotifyId, album.name, album.nameKey, artistId, album.imageUrl, album.releaseDate],
  });
  return Number(result.lastInsertRowid);
}

/** Replaces a track's credits with Spotify's, in Spotify's order. Returns the artist ids. */
export async function replaceCredits(tx: Transaction, trackId: number, artists: MappedTrack['artists'], now: number): Promise<number[]> {
  const ids: number[] = [];
  for (const artist of artists) ids.push(await ensureArtist(tx, artist, now));
  await tx.execute({ sql: 'DELETE FROM track_artists WHERE track_id = ?', args: [trackId] });
  for (const [position, artistId] of ids.entries()) {
    await tx.execute({
      sql: 'INSERT INTO track_artists (track_id, artist_id, position) VALUES (?, ?, ?)',
      args: [trackId, artistId, position],
    });
  }
  return ids;
}

export type EnsuredTrack = { id: number; created: boolean };

/** The track's id by Spotify id, created with its album and credits when new. */
export async function ensureTrack(tx: Transaction, track: MappedTrack, now: number): Promise<EnsuredTrack> {
  const existing = await idBySpotifyId(tx, 'tracks', track.spotifyId);
  if (existing !== null) return { id: existing, created: false };
  const albumId = await ensureAlbum(tx, track.album, now);
  const result = await tx.execute({
    sql: 'INSERT INTO tracks (spotify_id, name, lookup_key, album_id, duration_ms) VALUES (?, ?, ?, ?, ?)',
    args: [track.spotifyId, track.name, track.lookupKey, albumId, track.durationMs],
  });
  const id = Number(result.lastInsertRowid);
  await replaceCredits(tx, id, track.artists, now);
  return { id, created: true };
}

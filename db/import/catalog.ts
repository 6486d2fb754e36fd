import 'server-only';
import type { InValue, Transaction } from '@libsql/client';
import { insertJsonStatement, toObjects } from '@/db/sql';

/**
 * Rows matching a list of values, handed over as one JSON argument: `sql` gets the list as a
 * subquery for its IN. No variable limit to chunk for, and one small statement to prepare.
 */
export async function selectIn<T>(tx: Transaction, sql: (list: string) => string, values: InValue[]): Promise<T[]> {
  if (values.length === 0) return [];
  return toObjects<T>(await tx.execute({ sql: sql('SELECT value FROM json_each(?)'), args: [JSON.stringify(values)] }));
}

/** Runs insertJsonStatement; the rows come back as RETURNING gives them. */
export async function insertJsonRows<T>(tx: Transaction, head: string, rows: InValue[][], returning?: string): Promise<T[]> {
  if (rows.length === 0) return [];
  return toObjects<T>(await tx.execute(insertJsonStatement(head, rows, returning)));
}

/**
 * The artists and albums an import credits its new tracks to, found by name (an export names
 * only the album artist and the album) or created, and remembered for the whole import. A new
 * artist is queued for its genres.
 */
export class ImportCatalog {
  private readonly artists = new Map<string, number>();
  private readonly albums = new Map<string, number>();
  /** Artists whose stored albums are all in `albums` already: no need to ask again. */
  private readonly albumsLoaded = new Set<number>();

  constructor(
    private readonly tx: Transaction,
    private readonly now: number,
    /** How names are matched (lib/names): export rows name artists and albums only. */
    private readonly nameKey: (name: string) => string,
  ) {}

  /** After ensureArtists. */
  artistId(name: string): number {
    return this.artists.get(this.nameKey(name))!;
  }

  /** After ensureAlbums. */
  albumId(artistId: number, name: string): number {
    return this.albums.get(`${artistId}\u001f${this.nameKey(name)}`)!;
  }

  /** Artists by name: an artist Spotify knows wins over a name-only one of the same name. */
  async ensureArtists(names: string[]): Promise<void> {
    const wanted = new Map<string, string>();
    for (const name of names) if (!this.artists.has(this.nameKey(name))) wanted.set(this.nameKey(name), name);
    const known = await selectIn<{ id: number; nameKey: string }>(
      this.tx,
      (p) => `SELECT id, name_key AS nameKey FROM artists WHERE name_key IN (${p}) ORDER BY spotify_id IS NULL DESC, id DESC`,
      [...wanted.keys()],
    );
    for (const artist of known) this.artists.set(artist.nameKey, artist.id);
    const fresh = [...wanted].filter(([key]) => !this.artists.has(key));
    const created = await insertJsonRows<{ id: number; nameKey: string }>(
      this.tx,
      'INSERT INTO artists (name, name_key)',
      fresh.map(([key, name]) => [name, key]),
      'id, name_key AS nameKey',
    );
    for (const artist of created) {
      this.artists.set(artist.nameKey, artist.id);
      this.albumsLoaded.add(artist.id);
    }
    // Genres need no id: ListenBrainz looks a name-only artist up by one of its recordings.
    const tasks = created.map((artist) => ['artist_genres', artist.id, this.now, this.now]);
    await insertJsonRows(this.tx, 'INSERT OR IGNORE INTO enrichment_queue (kind, target_id, next_attempt_at, created_at)', tasks);
  }

  async ensureAlbums(rows: { artistName: string; albumName: string | null }[]): Promise<void> {
    const wanted = new Map<string, { artistId: number; name: string }>();
    for (const row of rows) {
      if (!row.albumName) continue;
      const artistId = this.artistId(row.artistName);
      const key = `${artistId}\u001f${this.nameKey(row.albumName)}`;
      if (!this.albums.has(key)) wanted.set(key, { artistId, name: row.albumName });
    }
    // By artist: the index leads with artist_id, and an artist has few albums.
    const artistIds = [...new Set([...wanted.values()].map((album) => album.artistId))].filter((id) => !this.albumsLoaded.has(id));
    const known = await selectIn<{ id: number; artistId: number; nameKey: string }>(
      this.tx,
      (p) =>
        `SELECT id, artist_id AS artistId, name_key AS nameKey FROM albums WHERE artist_id IN (${p}) ORDER BY spotify_id IS NULL DESC, id DESC`,
      artistIds,
    );
    for (const album of known) this.albums.set(`${album.artistId}\u001f${album.nameKey}`, album.id);
    for (const id of artistIds) this.albumsLoaded.add(id);
    const fresh = [...wanted].filter(([key]) => !this.albums.has(key));
    const created = await insertJsonRows<{ id: number; artistId: number; nameKey: string }>(
      this.tx,
      'INSERT INTO albums (name, name_key, artist_id)',
      fresh.map(([, album]) => [album.name, this.nameKey(album.name), album.artistId]),
      'id, artist_id AS artistId, name_key AS nameKey',
    );
    for (const album of created) this.albums.set(`${album.artistId}\u001f${album.nameKey}`, album.id);
  }
}

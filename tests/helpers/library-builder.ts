import type { InStatement } from '@libsql/client';
import type { Database } from '@/db';
import { REBUILD_ENTITY_STATS } from '@/db/rollups';
import { nameKey, slugify, trackLookupKey } from '@/lib/names';
import { toLocalParts } from '@/lib/time';

/** The counting rule of the exports: shorter streams are skips. */
export const MIN_COUNTED_MS = 30_000;

/**
 * Collects hand-made genres, artists, albums, tracks and plays with predictable ids (1, 2, …
 * per table in call order) and writes them in one batch. Plays are real INSERTs into `plays`,
 * so the rollup triggers fire; the entity rollups are rebuilt after, as db/import/seed.ts does.
 */
export class LibraryBuilder {
  private readonly statements: InStatement[] = [];
  private readonly counts = { genres: 0, artists: 0, albums: 0, tracks: 0, plays: 0 };
  private readonly artistNames = new Map<number, string>();

  constructor(private readonly timeZone: string) {}

  genre(name: string): number {
    const id = ++this.counts.genres;
    this.statements.push({ sql: 'INSERT INTO genres (id, slug, name) VALUES (?, ?, ?)', args: [id, slugify(name), name] });
    return id;
  }

  /** Genres in order of weight: the first weighs 1, the next 1/2, and so on. */
  artist(name: string, genreIds: number[] = []): number {
    const id = ++this.counts.artists;
    this.artistNames.set(id, name);
    this.statements.push({ sql: 'INSERT INTO artists (id, name, name_key) VALUES (?, ?, ?)', args: [id, name, nameKey(name)] });
    genreIds.forEach((genreId, rank) =>
      this.statements.push({
        sql: `INSERT INTO artist_genres (artist_id, genre_id, weight, source) VALUES (?, ?, ?, 'demo')`,
        args: [id, genreId, 1 / (rank + 1)],
      }),
    );
    return id;
  }

  album(name: string, artistId: number | null): number {
    const id = ++this.counts.albums;
    this.statements.push({
      sql: 'INSERT INTO albums (id, name, name_key, artist_id) VALUES (?, ?, ?, ?)',
      args: [id, name, nameKey(name), artistId],
    });
    return id;
  }

  track(name: string, artistIds: number[], albumId: number | null = null): number {
    const id = ++this.counts.tracks;
    const mainArtist = this.artistNames.get(artistIds[0]!) ?? '';
    this.statements.push({
      sql: 'INSERT INTO tracks (id, name, lookup_key, album_id) VALUES (?, ?, ?, ?)',
      args: [id, name, trackLookupKey(mainArtist, name), albumId],
    });
    artistIds.forEach((artistId, position) =>
      this.statements.push({
        sql: 'INSERT INTO track_artists (track_id, artist_id, position) VALUES (?, ?, ?)',
        args: [id, artistId, position],
      }),
    );
    return id;
  }

  /** A play ending at `endedAt` (ISO instant); counted by the 30-second rule unless told. */
  play(trackId: number, endedAt: string, msPlayed: number, counted = msPlayed >= MIN_COUNTED_MS): number {
    const id = ++this.counts.plays;
    const endedAtMs = Date.parse(endedAt);
    const local = toLocalParts(endedAtMs, this.timeZone);
    this.statements.push({
      sql: `INSERT INTO plays (id, ended_at, track_id, ms_played, ms_played_estimated, source, counted, local_day, local_hour, local_weekday)
        VALUES (?, ?, ?, ?, 0, 'export', ?, ?, ?, ?)`,
      args: [id, endedAtMs, trackId, msPlayed, counted ? 1 : 0, local.day, local.hour, local.weekday],
    });
    return id;
  }

  async write(db: Database): Promise<void> {
    await db.$client.batch([...this.statements.splice(0), ...REBUILD_ENTITY_STATS], 'write');
  }
}

export async function rebuildEntityStats(db: Database): Promise<void> {
  await db.$client.batch(REBUILD_ENTITY_STATS, 'write');
}

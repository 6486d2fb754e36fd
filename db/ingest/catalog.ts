import 'server-only';
import type { InStatement, InValue, ResultSet } from '@libsql/client';
import type { EnrichmentTask } from '@/db/schema';
import type { MappedArtist, MappedTrack } from '@/lib/spotify/map';
import { insertJsonStatement, lastIdSql } from '@/db/sql';

type Table = 'artists' | 'albums' | 'tracks';
type Row = InValue[];

const bySpotifyId = (table: Table, named: string) => `SELECT id, spotify_id FROM ${table} WHERE spotify_id IN (${named})`;

/**
 * The tracks, albums and artists Spotify names, found or planned in memory, so that a write
 * needs one round trip to read and one to write (on Turso every statement is otherwise a
 * network hop). Everything is matched by Spotify id; a new artist is queued for its image and
 * genres. New rows get their ids here, from the largest ids read: a writer that took one
 * meanwhile makes the write batch fail on the primary key, and the caller plans again from
 * fresh reads (retryFromFreshReads, db/sql.ts) with a new catalogue.
 */
export class SpotifyCatalog {
  private readonly ids: Record<Table, Map<string, number>> = { artists: new Map(), albums: new Map(), tracks: new Map() };
  private readonly next: Record<Table, number> = { artists: 1, albums: 1, tracks: 1 };
  private readonly artistRows: Row[] = [];
  private readonly albumRows = new Map<number, Row>();
  /** Stored albums' image, release date and artist, each set only where the album has none. */
  private readonly albumUpdates = new Map<number, Row>();
  private readonly trackRows: Row[] = [];
  private readonly credits = new Map<number, number[]>();
  private readonly tasks: Row[] = [];

  constructor(private readonly now: number) {}

  /**
   * The reads the ensure* methods need, for learn(): the tracks by Spotify id, then the albums
   * and artists they name — with `newTracksOnly`, only those of tracks not stored yet — and the
   * last ids. With `playedAfter` (an SQL expression), only for tracks named with an `endedAt`
   * after it.
   */
  static readStatements(
    named: readonly { track: MappedTrack; endedAt?: number }[],
    { newTracksOnly, playedAfter }: { newTracksOnly: boolean; playedAfter?: string },
  ): InStatement[] {
    // Items are [track's Spotify id, the Spotify id looked up, endedAt].
    const items = (ids: (track: MappedTrack) => (string | null)[]) =>
      JSON.stringify(named.flatMap(({ track, endedAt = 0 }) => ids(track).flatMap((id) => (id ? [[track.spotifyId, id, endedAt]] : []))));
    const selected = (onlyNewTracks: boolean) => {
      const conditions = [
        ...(playedAfter ? [`j.value->>2 > ${playedAfter}`] : []),
        ...(onlyNewTracks ? ['NOT EXISTS (SELECT 1 FROM tracks t WHERE t.spotify_id = j.value->>0)'] : []),
      ];
      return `SELECT j.value->>1 FROM json_each(?) j${conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : ''}`;
    };
    return [
      { sql: bySpotifyId('tracks', selected(false)), args: [items((t) => [t.spotifyId])] },
      { sql: bySpotifyId('albums', selected(newTracksOnly)), args: [items((t) => [t.album.spotifyId])] },
      {
        sql: bySpotifyId('artists', selected(newTracksOnly)),
        args: [items((t) => [...(t.album.artist ? [t.album.artist] : []), ...t.artists].map((a) => a.spotifyId))],
      },
      `SELECT ${lastIdSql('artists')}, ${lastIdSql('albums')}, ${lastIdSql('tracks')}`,
    ];
  }

  /** Takes in the results of readStatements(), in order. */
  learn([tracks, albums, artists, last]: ResultSet[]): void {
    for (const [table, result] of [
      ['tracks', tracks],
      ['albums', albums],
      ['artists', artists],
    ] as const) {
      for (const row of result!.rows) this.ids[table].set(String(row[1]), Number(row[0]));
    }
    const lastIds = last!.rows[0]!;
    this.next.artists = Math.max(this.next.artists, Number(lastIds[0]) + 1);
    this.next.albums = Math.max(this.next.albums, Number(lastIds[1]) + 1);
    this.next.tracks = Math.max(this.next.tracks, Number(lastIds[2]) + 1);
  }

  /** The artist's id; a new one is created and queued for enrichment. */
  ensureArtist(artist: MappedArtist): number {
    let id = this.ids.artists.get(artist.spotifyId);
    if (id === undefined) {
      this.ids.artists.set(artist.spotifyId, (id = this.next.artists++));
      this.artistRows.push([id, artist.spotifyId, artist.name, artist.nameKey]);
      this.enqueue('artist', id);
    }
    return id;
  }

  /** The album's id (null without a Spotify id); a known one gets the image, date and artist it lacks. */
  ensureAlbum(album: MappedTrack['album']): number | null {
    if (!album.spotifyId) return null;
    const existing = this.ids.albums.get(album.spotifyId);
    const artistId = album.artist ? this.ensureArtist(album.artist) : null;
    const values = [album.imageUrl, album.releaseDate, artistId];
    if (existing !== undefined) {
      // The first value given wins, as one coalesce(column, ?) update after another would have it.
      const row = this.albumRows.get(existing);
      if (row) row.splice(4, 3, row[4] ?? artistId, row[5] ?? album.imageUrl, row[6] ?? album.releaseDate);
      else this.albumUpdates.set(existing, coalesce(this.albumUpdates.get(existing), [existing, ...values]));
      return existing;
    }
    const id = this.next.albums++;
    this.ids.albums.set(album.spotifyId, id);
    this.albumRows.set(id, [id, album.spotifyId, album.name, album.nameKey, artistId, album.imageUrl, album.releaseDate]);
    return id;
  }

  /** Replaces a track's credits with Spotify's, in Spotify's order. Returns the artist ids. */
  replaceCredits(trackId: number, artists: MappedTrack['artists']): number[] {
    const ids = artists.map((artist) => this.ensureArtist(artist));
    this.credits.set(trackId, ids);
    return ids;
  }

  /** The track's id by Spotify id, created with its album and credits when new. */
  ensureTrack(track: MappedTrack): { id: number; created: boolean } {
    const existing = this.ids.tracks.get(track.spotifyId);
    if (existing !== undefined) return { id: existing, created: false };
    const albumId = this.ensureAlbum(track.album);
    const id = this.next.tracks++;
    this.ids.tracks.set(track.spotifyId, id);
    this.trackRows.push([id, track.spotifyId, track.name, track.lookupKey, albumId, track.durationMs]);
    this.replaceCredits(id, track.artists);
    return { id, created: true };
  }

  /** The planned writes, set-wise, in the order their foreign keys need. */
  statements(): InStatement[] {
    const statements: InStatement[] = [];
    const insert = (head: string, rows: readonly Row[]) => {
      if (rows.length > 0) statements.push(insertJsonStatement(head, rows));
    };
    const created = new Set(this.trackRows.map((row) => row[0]));
    const replaced = [...this.credits.keys()].filter((id) => !created.has(id));
    insert('INSERT INTO artists (id, spotify_id, name, name_key)', this.artistRows);
    insert('INSERT INTO albums (id, spotify_id, name, name_key, artist_id, image_url, release_date)', [...this.albumRows.values()]);
    if (this.albumUpdates.size > 0) {
      statements.push({
        sql: `UPDATE albums SET image_url = coalesce(image_url, j.value->>1), release_date = coalesce(release_date, j.value->>2),
          artist_id = coalesce(artist_id, j.value->>3) FROM json_each(?) j WHERE albums.id = j.value->>0`,
        args: [JSON.stringify([...this.albumUpdates.values()])],
      });
    }
    insert('INSERT INTO tracks (id, spotify_id, name, lookup_key, album_id, duration_ms)', this.trackRows);
    if (replaced.length > 0) {
      statements.push({
        sql: 'DELETE FROM track_artists WHERE track_id IN (SELECT value FROM json_each(?))',
        args: [JSON.stringify(replaced)],
      });
    }
    const credits = [...this.credits].flatMap(([trackId, ids]) => ids.map((artistId, position) => [trackId, artistId, position]));
    insert('INSERT INTO track_artists (track_id, artist_id, position)', credits);
    if (this.tasks.length > 0) {
      statements.push({
        sql: `INSERT INTO enrichment_queue (kind, target_id, next_attempt_at, created_at)
          SELECT value->>0, value->>1, value->>2, value->>2 FROM json_each(?) WHERE true ON CONFLICT (kind, target_id) DO NOTHING`,
        args: [JSON.stringify(this.tasks)],
      });
    }
    return statements;
  }

  private enqueue(kind: EnrichmentTask['kind'], targetId: number): void {
    this.tasks.push([kind, targetId, this.now]);
  }
}

function coalesce(first: Row | undefined, then: Row): Row {
  return first ? first.map((value, i) => value ?? then[i]!) : then;
}

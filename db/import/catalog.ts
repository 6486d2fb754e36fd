import 'server-only';
import type { InStatement, ResultSet } from '@libsql/client';
import type { IncomingPlay } from '@/lib/import/merge';
import type { MusicRow } from '@/lib/import/types';
import type { ImportRules } from './rules';
import { insertJsonStatement, lastIdSql } from '@/db/sql';

const UNKNOWN_ARTIST = 'Unknown artist';
const UNKNOWN_TRACK = 'Unknown track';
/** Separates an album's artist id from its name key in the albums cache. */
const SEP = '\u001f';

type TrackRef = { id: number; lookupKey: string; spotifyId: string | null; albumId: number | null };
type Keys = Pick<ImportRules, 'trackLookupKey' | 'nameKey'>;

const list = (values: Iterable<string>) => JSON.stringify([...values]);
const IN_LIST = 'SELECT value FROM json_each(?)';

/** Statements writing what one batch's rows need: run them before the plays, in the same batch. */
export type CatalogWrites = { statements: InStatement[]; albumsPlaced: number; placedTrackIds: number[] };

/**
 * The tracks, artists and albums of an import's rows, found or planned in memory so that a batch
 * needs one round trip to read and one to write (on Turso every statement is otherwise a network
 * hop). Tracks with a URI are matched by Spotify id, rows without one by artist and track name,
 * preferring a track Spotify knows. A new track is credited to the album artist (the only one
 * the export names) and, when it has a URI, queued so the enrichment worker fetches its real
 * credits, art and duration; a new artist is queued for its genres. A track first met without
 * a URI (account data) takes the Spotify id of the first extended row with its artist and name.
 * A known track without an album goes on the album of the first row that names one.
 *
 * New rows get their ids here, from the largest ids read: a writer that took one meanwhile
 * makes the batch fail on the primary key, and the caller starts again with a new catalogue.
 * After a failed write the catalogue is dropped, since it holds what that write would have made.
 */
export class ImportCatalog {
  private readonly bySpotifyId = new Map<string, TrackRef>();
  private readonly byLookupKey = new Map<string, TrackRef>();
  private readonly artists = new Map<string, number>();
  private readonly albums = new Map<string, number>();
  /** Whether any track without a Spotify id exists (stored, or created in this import). */
  private nameOnlyTracks = false;
  private next = { artists: 1, albums: 1, tracks: 1 };
  /** The rows readStatements() last looked up, and the track each had then. */
  private lookedUp: { rows: readonly MusicRow[]; found: (TrackRef | undefined)[] } | null = null;
  /** Lookup keys by raw artist, then track name: normalising names is the costliest step per row. */
  private readonly keys = new Map<string, Map<string, string>>();

  constructor(
    private readonly now: number,
    private readonly rules: Keys,
  ) {}

  /** The row's artist-and-track key, normalised once per distinct pair of names. */
  keyOf(row: MusicRow): string {
    if (!row.trackName || !row.artistName) return `spotify:${row.spotifyTrackId}`;
    let byTrack = this.keys.get(row.artistName);
    if (byTrack === undefined) this.keys.set(row.artistName, (byTrack = new Map()));
    let key = byTrack.get(row.trackName);
    if (key === undefined) byTrack.set(row.trackName, (key = this.rules.trackLookupKey(row.artistName, row.trackName)));
    return key;
  }

  /** The reads the rows need before plan(): none when every track, artist and album is known. */
  readStatements(rows: readonly MusicRow[]): InStatement[] {
    const ids = new Set<string>();
    const keys = new Set<string>();
    const artists = new Set<string>();
    // Looking a row up is the costliest step of a batch whose tracks are all known: once per row.
    const found = rows.map((row) => this.find(row));
    this.lookedUp = { rows, found };
    rows.forEach((row, i) => {
      const track = found[i];
      if (track && (track.albumId !== null || !row.albumName)) return;
      if (!track) {
        if (row.spotifyTrackId) ids.add(row.spotifyTrackId);
        const key = this.keyOf(row);
        if (!this.byLookupKey.has(key)) keys.add(key);
      }
      const artist = this.artistKey(row);
      if (!this.artists.has(artist)) artists.add(artist);
    });
    if (ids.size + keys.size + artists.size === 0) return [];
    const tracks = 'SELECT id, lookup_key, spotify_id, album_id FROM tracks';
    return [
      { sql: `${tracks} WHERE spotify_id IN (${IN_LIST})`, args: [list(ids)] },
      { sql: `${tracks} WHERE lookup_key IN (${IN_LIST}) ORDER BY spotify_id IS NULL, id`, args: [list(keys)] },
      // The last of a name wins: an artist or album Spotify knows over a name-only one, then the oldest.
      {
        sql: `SELECT id, name_key FROM artists WHERE name_key IN (${IN_LIST}) ORDER BY spotify_id IS NULL DESC, id DESC`,
        args: [list(artists)],
      },
      {
        sql: `SELECT id, artist_id, name_key FROM albums WHERE artist_id IN (SELECT id FROM artists WHERE name_key IN (${IN_LIST}))
          ORDER BY spotify_id IS NULL DESC, id DESC`,
        args: [list(artists)],
      },
      `SELECT EXISTS (SELECT 1 FROM tracks WHERE spotify_id IS NULL), ${lastIdSql('artists')}, ${lastIdSql('albums')}, ${lastIdSql('tracks')}`,
    ];
  }

  /** Takes in the results of readStatements(), in order. */
  learn([bySpotifyId, byLookupKey, artists, albums, state]: ResultSet[]): void {
    if (!state) return;
    for (const result of [bySpotifyId!, byLookupKey!]) {
      for (const row of result.rows) {
        this.remember({
          id: Number(row[0]),
          lookupKey: String(row[1]),
          spotifyId: row[2] as string | null,
          albumId: row[3] as number | null,
        });
      }
    }
    for (const row of artists!.rows) this.artists.set(String(row[1]), Number(row[0]));
    for (const row of albums!.rows) this.albums.set(`${row[1]}${SEP}${row[2]}`, Number(row[0]));
    const counts = state.rows[0]!;
    const [nameOnly, maxArtist, maxAlbum, maxTrack] = [counts[0], counts[1], counts[2], counts[3]];
    this.nameOnlyTracks ||= Number(nameOnly) === 1;
    this.next = {
      artists: Math.max(this.next.artists, Number(maxArtist) + 1),
      albums: Math.max(this.next.albums, Number(maxAlbum) + 1),
      tracks: Math.max(this.next.tracks, Number(maxTrack) + 1),
    };
  }

  /** Gives every row its track (the rows themselves, no copy per row) and the writes that makes. */
  plan(rows: MusicRow[]): CatalogWrites {
    const writes = new PendingWrites(this.now);
    const resolved = rows as IncomingPlay[];
    // Tracks read since readStatements() are not in `found`: find those rows again.
    const tracks = this.lookedUp?.rows === rows ? this.lookedUp.found : rows.map((row) => this.find(row));
    this.lookedUp = null;
    const unknown = resolved.filter((row, i) => !(tracks[i] ??= this.find(row)));
    this.claimNameOnlyTracks(unknown, writes);
    for (const withUri of [true, false]) {
      const missing = new Map<string, MusicRow>();
      for (const row of unknown) {
        if (Boolean(row.spotifyTrackId) === withUri && !this.find(row)) missing.set(row.spotifyTrackId ?? this.keyOf(row), row);
      }
      for (const row of missing.values()) this.createTrack(row, writes);
    }
    const albumless = new Map<TrackRef, MusicRow>();
    resolved.forEach((row, i) => {
      // After tracks were claimed or created a row's best track may be a new one: find it again.
      const track = unknown.length > 0 ? this.find(row)! : tracks[i]!;
      row.trackId = track.id;
      if (track.albumId === null && row.albumName) albumless.set(track, row);
    });
    for (const [track, row] of albumless) {
      track.albumId = this.albumId(this.artistId(row, writes), row.albumName!, writes);
      writes.placements.push([track.id, track.albumId]);
    }
    return { statements: writes.statements(), albumsPlaced: albumless.size, placedTrackIds: writes.placements.map(([trackId]) => trackId) };
  }

  private artistKey(row: MusicRow): string {
    return this.rules.nameKey(row.artistName ?? UNKNOWN_ARTIST);
  }

  private find(row: MusicRow): TrackRef | undefined {
    if (row.spotifyTrackId) return this.bySpotifyId.get(row.spotifyTrackId);
    return this.byLookupKey.get(this.keyOf(row));
  }

  private remember(track: TrackRef): void {
    if (track.spotifyId) this.bySpotifyId.set(track.spotifyId, track);
    const known = this.byLookupKey.get(track.lookupKey);
    if (!known || (!known.spotifyId && track.spotifyId)) this.byLookupKey.set(track.lookupKey, track);
  }

  private claimNameOnlyTracks(rows: MusicRow[], writes: PendingWrites): void {
    if (!this.nameOnlyTracks) return;
    for (const row of rows) {
      if (!row.spotifyTrackId || this.bySpotifyId.has(row.spotifyTrackId)) continue;
      const named = this.byLookupKey.get(this.keyOf(row));
      if (!named || named.spotifyId) continue;
      named.spotifyId = row.spotifyTrackId;
      this.remember(named);
      writes.claims.push([named.id, row.spotifyTrackId]);
      writes.trackTasks(named.id);
    }
  }

  private createTrack(row: MusicRow, writes: PendingWrites): void {
    const artistId = this.artistId(row, writes);
    const albumId = row.albumName ? this.albumId(artistId, row.albumName, writes) : null;
    const track: TrackRef = { id: this.next.tracks++, lookupKey: this.keyOf(row), spotifyId: row.spotifyTrackId, albumId };
    this.remember(track);
    if (!track.spotifyId) this.nameOnlyTracks = true;
    writes.tracks.push([track.id, track.spotifyId, row.trackName ?? UNKNOWN_TRACK, track.lookupKey, albumId]);
    writes.credits.push([track.id, artistId, 0]);
    if (track.spotifyId) writes.trackTasks(track.id);
  }

  private artistId(row: MusicRow, writes: PendingWrites): number {
    const key = this.artistKey(row);
    let id = this.artists.get(key);
    if (id === undefined) {
      this.artists.set(key, (id = this.next.artists++));
      writes.artists.push([id, row.artistName ?? UNKNOWN_ARTIST, key]);
      writes.tasks.push(['artist_genres', id]);
    }
    return id;
  }

  private albumId(artistId: number, name: string, writes: PendingWrites): number {
    const key = `${artistId}${SEP}${this.rules.nameKey(name)}`;
    let id = this.albums.get(key);
    if (id === undefined) {
      this.albums.set(key, (id = this.next.albums++));
      writes.albums.push([id, name, this.rules.nameKey(name), artistId]);
    }
    return id;
  }
}

/** One batch's catalogue writes, as set-wise statements in the order the rows need them. */
class PendingWrites {
  readonly artists: [number, string, string][] = [];
  readonly albums: [number, string, string, number][] = [];
  readonly tracks: [number, string | null, string, string, number | null][] = [];
  readonly credits: [number, number, number][] = [];
  readonly tasks: [string, number][] = [];
  readonly claims: [number, string][] = [];
  readonly placements: [number, number][] = [];

  constructor(private readonly now: number) {}

  trackTasks(trackId: number): void {
    this.tasks.push(['track_art', trackId], ['track', trackId]);
  }

  statements(): InStatement[] {
    const statements: InStatement[] = [];
    const insert = (head: string, rows: readonly (readonly (string | number | null)[])[]) => {
      if (rows.length > 0) statements.push(insertJsonStatement(head, rows));
    };
    const fillIn = (column: 'spotify_id' | 'album_id', values: readonly [number, string | number][]) => {
      if (values.length === 0) return;
      statements.push({
        sql: `UPDATE tracks SET ${column} = v.value ->> 1 FROM json_each(?) AS v WHERE tracks.id = v.value ->> 0 AND tracks.${column} IS NULL`,
        args: [JSON.stringify(values)],
      });
    };
    insert('INSERT INTO artists (id, name, name_key)', this.artists);
    insert('INSERT INTO albums (id, name, name_key, artist_id)', this.albums);
    // Only a track still without one takes a Spotify id or an album: the first row that names it wins.
    fillIn('spotify_id', this.claims);
    insert('INSERT INTO tracks (id, spotify_id, name, lookup_key, album_id)', this.tracks);
    insert('INSERT INTO track_artists (track_id, artist_id, position)', this.credits);
    fillIn('album_id', this.placements);
    insert(
      'INSERT OR IGNORE INTO enrichment_queue (kind, target_id, next_attempt_at, created_at)',
      this.tasks.map(([kind, id]) => [kind, id, this.now, this.now]),
    );
    return statements;
  }
}

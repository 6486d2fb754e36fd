import 'server-only';
import type { Transaction } from '@libsql/client';
import type { IncomingPlay } from '@/lib/import/merge';
import type { MusicRow } from '@/lib/import/types';
import { ImportCatalog, insertJsonRows, selectIn } from './catalog';
import type { ImportRules } from './rules';

const UNKNOWN_ARTIST = 'Unknown artist';
const UNKNOWN_TRACK = 'Unknown track';

type TrackRef = { id: number; lookupKey: string; spotifyId: string | null; albumId: number | null };

function rowLookupKey(row: MusicRow, rules: Pick<ImportRules, 'trackLookupKey'>): string {
  if (row.trackName && row.artistName) return rules.trackLookupKey(row.artistName, row.trackName);
  return `spotify:${row.spotifyTrackId}`;
}

/**
 * Finds or creates the track of every export row, inside one file's transaction (so its
 * caches die with it). Tracks with a URI are matched by Spotify id, rows without one by
 * artist and track name, preferring a track Spotify knows. A new track is credited to the
 * album artist (the only one the export names) and, when it has a URI, queued so the
 * enrichment worker fetches its real credits, art and duration. A known track without an
 * album (first met in account data, which names none) goes on the album of the first row that
 * names one, whatever the order files or imports come in.
 */
export class ImportTrackResolver {
  private readonly bySpotifyId = new Map<string, TrackRef>();
  private readonly byLookupKey = new Map<string, TrackRef>();
  private readonly catalog: ImportCatalog;
  /** Whether any track without a Spotify id exists (stored, or created in this import). */
  private nameOnlyTracks: boolean | undefined;
  /** Lookup keys by raw artist, then track name: normalising names is the costliest step per row. */
  private readonly keys = new Map<string, Map<string, string>>();
  /** Tracks this import put on an album: album totals must be rebuilt even if no play changed. */
  albumsPlaced = 0;

  constructor(
    private readonly tx: Transaction,
    private readonly now: number,
    private readonly rules: Pick<ImportRules, 'trackLookupKey' | 'nameKey'>,
  ) {
    this.catalog = new ImportCatalog(tx, now, rules.nameKey);
  }

  /**
   * The rows themselves, given their track: no copy per row (a copy per row showed up among the
   * costliest steps of a large import), and a row with a URI is found by it alone.
   */
  async resolve(rows: MusicRow[]): Promise<IncomingPlay[]> {
    const resolved = rows as IncomingPlay[];
    let unknown: IncomingPlay[] | null = null;
    let albumless: Map<TrackRef, MusicRow> | null = null;
    for (const row of resolved) {
      const track = this.find(row);
      if (!track) (unknown ??= []).push(row);
      else {
        row.trackId = track.id;
        if (track.albumId === null && row.albumName) (albumless ??= new Map()).set(track, row);
      }
    }
    // Past the first batches nearly every row's track is known: only the others need queries.
    if (unknown) {
      await this.resolveUnknown(unknown);
      // Again for every row: a name may now lead to a track Spotify knows, created just now.
      for (const row of resolved) {
        const track = this.find(row)!;
        row.trackId = track.id;
        if (track.albumId === null && row.albumName) (albumless ??= new Map()).set(track, row);
      }
    }
    if (albumless) await this.placeOnAlbums(albumless);
    return resolved;
  }

  /** Puts known tracks without an album on the album a row names, credited to the row's album artist. */
  private async placeOnAlbums(rows: Map<TrackRef, MusicRow>): Promise<void> {
    const named = [...rows.values()].map((row) => ({ artistName: row.artistName ?? UNKNOWN_ARTIST, albumName: row.albumName }));
    await this.catalog.ensureArtists(named.map((row) => row.artistName));
    await this.catalog.ensureAlbums(named);
    const placed = [...rows.keys()].map((track, i) => {
      track.albumId = this.catalog.albumId(this.catalog.artistId(named[i]!.artistName), named[i]!.albumName!);
      return [track.id, track.albumId];
    });
    await this.tx.execute({
      sql: `UPDATE tracks SET album_id = placed.value ->> 1 FROM json_each(?) AS placed
        WHERE tracks.id = placed.value ->> 0 AND tracks.album_id IS NULL`,
      args: [JSON.stringify(placed)],
    });
    this.albumsPlaced += placed.length;
  }

  private async resolveUnknown(rows: MusicRow[]): Promise<void> {
    await this.loadKnown(rows);
    // Tracks with a URI first, so a row without one can land on a track just created.
    for (const withUri of [true, false]) {
      const missing = new Map<string, MusicRow>();
      for (const row of rows) {
        if (Boolean(row.spotifyTrackId) === withUri && !this.find(row)) missing.set(row.spotifyTrackId ?? this.keyOf(row), row);
      }
      if (missing.size > 0) await this.createTracks([...missing.values()]);
    }
  }

  /** The row's artist-and-track key, normalised once per distinct pair of names. */
  keyOf(row: MusicRow): string {
    if (!row.trackName || !row.artistName) return rowLookupKey(row, this.rules);
    let byTrack = this.keys.get(row.artistName);
    if (byTrack === undefined) this.keys.set(row.artistName, (byTrack = new Map()));
    let key = byTrack.get(row.trackName);
    if (key === undefined) {
      key = rowLookupKey(row, this.rules);
      byTrack.set(row.trackName, key);
    }
    return key;
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

  private async loadKnown(rows: MusicRow[]): Promise<void> {
    // A row with a URI looks up names only to claim a name-only track: often there is none.
    this.nameOnlyTracks ??= (await this.tx.execute('SELECT 1 FROM tracks WHERE spotify_id IS NULL LIMIT 1')).rows.length > 0;
    const ids = new Set<string>();
    const keys = new Set<string>();
    for (const row of rows) {
      if (row.spotifyTrackId) {
        if (this.bySpotifyId.has(row.spotifyTrackId)) continue;
        ids.add(row.spotifyTrackId);
        if (!this.nameOnlyTracks) continue;
      }
      const key = this.keyOf(row);
      if (!this.byLookupKey.has(key)) keys.add(key);
    }
    const columns = 'SELECT id, lookup_key AS lookupKey, spotify_id AS spotifyId, album_id AS albumId FROM tracks';
    const found = [
      ...(await selectIn<TrackRef>(this.tx, (p) => `${columns} WHERE spotify_id IN (${p})`, [...ids])),
      // Spotify-known tracks first, so a name resolves to one of them when it can.
      ...(await selectIn<TrackRef>(this.tx, (p) => `${columns} WHERE lookup_key IN (${p}) ORDER BY spotify_id IS NULL, id`, [...keys])),
    ];
    for (const track of found) this.remember(track);
    await this.claimNameOnlyTracks(rows);
  }

  /**
   * A track first met without a URI (account data) takes the Spotify id of the first
   * extended row with its artist and name, so its plays join the real track.
   */
  private async claimNameOnlyTracks(rows: MusicRow[]): Promise<void> {
    for (const row of rows) {
      if (!row.spotifyTrackId || this.bySpotifyId.has(row.spotifyTrackId)) continue;
      const named = this.byLookupKey.get(this.keyOf(row));
      if (!named || named.spotifyId) continue;
      await this.tx.execute({
        sql: 'UPDATE tracks SET spotify_id = ? WHERE id = ? AND spotify_id IS NULL',
        args: [row.spotifyTrackId, named.id],
      });
      named.spotifyId = row.spotifyTrackId;
      this.remember(named);
      await this.enqueue([named.id]);
    }
  }

  private async createTracks(rows: MusicRow[]): Promise<void> {
    await this.catalog.ensureArtists(rows.map((row) => row.artistName ?? UNKNOWN_ARTIST));
    await this.catalog.ensureAlbums(rows.map((row) => ({ artistName: row.artistName ?? UNKNOWN_ARTIST, albumName: row.albumName })));
    const values = rows.map((row) => {
      const artistId = this.catalog.artistId(row.artistName ?? UNKNOWN_ARTIST);
      const albumId = row.albumName ? this.catalog.albumId(artistId, row.albumName) : null;
      return [row.spotifyTrackId, row.trackName ?? UNKNOWN_TRACK, this.keyOf(row), albumId, artistId] as const;
    });
    const created = await insertJsonRows<TrackRef>(
      this.tx,
      'INSERT INTO tracks (spotify_id, name, lookup_key, album_id)',
      values.map(([spotifyId, name, key, albumId]) => [spotifyId, name, key, albumId]),
      'id, lookup_key AS lookupKey, spotify_id AS spotifyId, album_id AS albumId',
    );
    created.forEach((track) => this.remember(track));
    if (created.some((track) => !track.spotifyId)) this.nameOnlyTracks = true;
    const artistOf = new Map(values.map(([spotifyId, , key, , artistId]) => [spotifyId ?? `k${key}`, artistId]));
    const credits = created.map((track) => [track.id, artistOf.get(track.spotifyId ?? `k${track.lookupKey}`)!, 0]);
    await insertJsonRows(this.tx, 'INSERT INTO track_artists (track_id, artist_id, position)', credits);
    await this.enqueue(created.filter((track) => track.spotifyId).map((track) => track.id));
  }

  private async enqueue(trackIds: number[]): Promise<void> {
    // Its cover from oEmbed (no quota), and its real credits through the budgeted Web API.
    const rows = trackIds.flatMap((id) => [
      ['track_art', id, this.now, this.now],
      ['track', id, this.now, this.now],
    ]);
    await insertJsonRows(this.tx, 'INSERT OR IGNORE INTO enrichment_queue (kind, target_id, next_attempt_at, created_at)', rows);
  }
}

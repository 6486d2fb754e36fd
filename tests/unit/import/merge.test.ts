import { describe, expect, it } from 'vitest';
import type { Database } from '@/db';
import { readRows } from '@/db/sql';
import { trackLookupKey } from '@/lib/names';
import { recomputeRollups, selectTrackStats } from '@/tests/helpers/database';
import { count, eachTestDatabaseAndFolder, extendedRow, importPaths, selectPlays } from './helpers';

const OTHER_URI = 'spotify:track:0000000000000000000002';

const ctx = eachTestDatabaseAndFolder();

/** A track and plays as the ingest route stores them: played_at in ms, estimated length, source api. */
async function insertPolledPlays(db: Database, playedAt: string[]): Promise<void> {
  await db.$client.batch([
    "INSERT INTO artists (id, spotify_id, name, name_key) VALUES (1, 'artist1', 'Band', 'band')",
    `INSERT INTO tracks (id, spotify_id, name, lookup_key, duration_ms) VALUES (1, '0000000000000000000001', 'Song', '${trackLookupKey('Band', 'Song')}', 210000)`,
    'INSERT INTO track_artists (track_id, artist_id, position) VALUES (1, 1, 0)',
    ...playedAt.map((at) => ({
      sql: `INSERT INTO plays (ended_at, track_id, ms_played, ms_played_estimated, source, counted, local_day, local_hour, local_weekday)
        VALUES (?, 1, 210000, 1, 'api', 1, ?, ?, 2)`,
      args: [Date.parse(at), at.slice(0, 10), Number(at.slice(11, 13))],
    })),
  ]);
}

const writeExtended = (name: string, rows: Record<string, unknown>[]) => ctx.folder.write(name, JSON.stringify(rows.map(extendedRow)));
const writeAccount = (name: string, rows: [string, string, string, number][]) =>
  ctx.folder.write(
    name,
    JSON.stringify(rows.map(([endTime, artistName, trackName, msPlayed]) => ({ endTime, artistName, trackName, msPlayed }))),
  );

describe('merging with plays polled from the API', () => {
  it('enriches the polled play (played_at with ms vs ts in seconds) instead of adding one, once', async () => {
    await insertPolledPlays(ctx.db, ['2024-05-01T10:00:01.234Z']);
    const file = writeExtended('Streaming_History_Audio_2024.json', [
      { ts: '2024-05-01T10:00:00Z', ms_played: 187_000, shuffle: true, reason_start: 'clickrow' },
    ]);
    expect(await importPaths(ctx.db, [file])).toMatchObject({ playsAdded: 0, merged: 1, duplicates: 0 });
    expect(await selectPlays(ctx.db)).toEqual([
      expect.objectContaining({
        endedAt: Date.parse('2024-05-01T10:00:01.234Z'),
        source: 'api',
        msPlayed: 187_000,
        estimated: 0,
        counted: 1,
        platform: 'android',
        shuffle: 1,
        skipped: 0,
        reasonStart: 'clickrow',
        reasonEnd: 'trackdone',
      }),
    ]);
    expect(await importPaths(ctx.db, [file])).toMatchObject({ playsAdded: 0, merged: 0, duplicates: 1 });
    const [stats] = await selectTrackStats(ctx.db);
    expect(stats).toMatchObject({ plays: 1, msPlayed: 187_000 });
  });

  it('keeps genuine back-to-back repeats of one track apart', async () => {
    await insertPolledPlays(ctx.db, ['2024-05-01T10:00:01.234Z', '2024-05-01T10:03:32.900Z']);
    const file = writeExtended('Streaming_History_Audio_2024.json', [
      { ts: '2024-05-01T10:00:00Z' },
      { ts: '2024-05-01T10:03:31Z' },
      { ts: '2024-05-01T10:07:02Z' },
      { ts: '2024-05-01T10:07:09Z', ms_played: 6_000, skipped: true },
    ]);
    expect(await importPaths(ctx.db, [file])).toMatchObject({ playsAdded: 1, skipsAdded: 1, merged: 2, duplicates: 0 });
    expect((await selectPlays(ctx.db)).map((p) => [p.source, p.counted])).toEqual([
      ['api', 1],
      ['api', 1],
      ['export', 1],
      ['export', 0],
    ]);
    const recomputed = await recomputeRollups(ctx.db);
    expect(await selectTrackStats(ctx.db)).toEqual(recomputed.tracks);
  });

  it('gives a polled play the exact length from account data', async () => {
    await insertPolledPlays(ctx.db, ['2024-05-01T10:00:21.500Z']);
    const file = writeAccount('StreamingHistory_music_0.json', [['2024-05-01 10:00', 'band', 'SONG', 150_000]]);
    expect(await importPaths(ctx.db, [file])).toMatchObject({ merged: 1, playsAdded: 0 });
    expect(await selectPlays(ctx.db)).toEqual([
      expect.objectContaining({ source: 'api', msPlayed: 150_000, estimated: 0, platform: null }),
    ]);
  });
});

describe('account data (no URIs)', () => {
  it('matches known tracks by artist and name and makes the rest name-only tracks', async () => {
    await insertPolledPlays(ctx.db, []);
    const file = writeAccount('StreamingHistory_music_0.json', [
      ['2024-05-02 12:00', 'Band', 'Song', 200_000],
      ['2024-05-02 12:30', 'Other Band', 'Other Song', 180_000],
      ['2024-05-02 12:31', 'Other Band', 'Other Song', 4_000],
    ]);
    expect(await importPaths(ctx.db, [file])).toMatchObject({ playsAdded: 2, skipsAdded: 1 });
    const tracks = await readRows<{ name: string; spotifyId: string | null; plays: number }>(
      ctx.db,
      'SELECT t.name, t.spotify_id AS spotifyId, count(p.id) AS plays FROM tracks t LEFT JOIN plays p ON p.track_id = t.id GROUP BY t.id ORDER BY t.id',
    );
    expect(tracks).toEqual([
      { name: 'Song', spotifyId: '0000000000000000000001', plays: 1 },
      { name: 'Other Song', spotifyId: null, plays: 2 },
    ]);
    // No URI, nothing to ask Spotify; the new name-only artist is queued for its genres only.
    expect(await readRows(ctx.db, 'SELECT q.kind, a.name FROM enrichment_queue q JOIN artists a ON a.id = q.target_id')).toEqual([
      { kind: 'artist_genres', name: 'Other Band' },
    ]);
    expect(await importPaths(ctx.db, [file])).toMatchObject({ playsAdded: 0, duplicates: 3 });
  });

  it('is superseded by an extended export of the same period: exact fields, the real id, no duplicates', async () => {
    await importPaths(ctx.db, [writeAccount('StreamingHistory_music_0.json', [['2024-05-02 12:30', 'Other Band', 'Other Song', 180_000]])]);
    const extended = writeExtended('Streaming_History_Audio_2024.json', [
      {
        ts: '2024-05-02T12:30:41Z',
        ms_played: 180_000,
        spotify_track_uri: OTHER_URI,
        master_metadata_track_name: 'Other Song',
        master_metadata_album_artist_name: 'Other Band',
        platform: 'ios',
      },
    ]);
    expect(await importPaths(ctx.db, [extended])).toMatchObject({ playsAdded: 0, merged: 1, duplicates: 0 });
    expect(await selectPlays(ctx.db)).toEqual([
      expect.objectContaining({
        endedAt: Date.parse('2024-05-02T12:30:41Z'),
        spotifyId: '0000000000000000000002',
        platform: 'ios',
        source: 'export',
        counted: 1,
      }),
    ]);
    expect(await count(ctx.db, 'SELECT count(*) AS n FROM tracks')).toBe(1);
    expect(await count(ctx.db, "SELECT count(*) AS n FROM enrichment_queue WHERE kind = 'track'")).toBe(1);
    expect(await importPaths(ctx.db, [extended])).toMatchObject({ merged: 0, duplicates: 1 });
  });

  it('adds nothing when imported after the extended export of the same period', async () => {
    await importPaths(ctx.db, [writeExtended('Streaming_History_Audio_2024.json', [{ ts: '2024-05-02T12:30:41Z' }])]);
    const summary = await importPaths(ctx.db, [
      writeAccount('StreamingHistory_music_0.json', [['2024-05-02 12:30', 'Band', 'Song', 200_000]]),
    ]);
    expect(summary).toMatchObject({ playsAdded: 0, duplicates: 1 });
    expect(await count(ctx.db, 'SELECT count(*) AS n FROM plays')).toBe(1);
  });
});

describe('everything else the import writes', () => {
  it('closes the ingest gaps its rows span and leaves others open', async () => {
    await ctx.db.$client.batch([
      {
        sql: 'INSERT INTO gaps (id, from_ms, to_ms, detected_at) VALUES (1, ?, ?, 0)',
        args: [Date.parse('2024-05-01T10:30:00Z'), Date.parse('2024-05-01T11:00:00Z')],
      },
      {
        sql: 'INSERT INTO gaps (id, from_ms, to_ms, detected_at) VALUES (2, ?, ?, 0)',
        args: [Date.parse('2025-01-01T00:00:00Z'), Date.parse('2025-01-02T00:00:00Z')],
      },
    ]);
    const now = Date.UTC(2026, 0, 2);
    await importPaths(
      ctx.db,
      [
        writeExtended('Streaming_History_Audio_2024.json', [
          { ts: '2024-05-01T10:00:00Z' },
          { ts: '2024-05-01T12:00:00Z', spotify_track_uri: OTHER_URI },
        ]),
      ],
      now,
    );
    expect(await readRows(ctx.db, 'SELECT id, closed_at AS closedAt, closed_by AS closedBy FROM gaps ORDER BY id')).toEqual([
      { id: 1, closedAt: now, closedBy: 'import' },
      { id: 2, closedAt: null, closedBy: null },
    ]);
  });

  it('stores podcast episodes and audiobooks apart from music, once', async () => {
    const file = writeExtended('Streaming_History_Audio_2024.json', [
      {
        spotify_track_uri: null,
        master_metadata_track_name: null,
        master_metadata_album_artist_name: null,
        spotify_episode_uri: 'spotify:episode:abc',
        episode_name: 'Ep 1',
        episode_show_name: 'Show',
      },
      {
        ts: '2024-05-01T11:00:00Z',
        spotify_track_uri: null,
        master_metadata_track_name: null,
        audiobook_title: 'Book',
        audiobook_uri: 'spotify:show:book',
        audiobook_chapter_uri: 'spotify:episode:ch1',
        audiobook_chapter_title: 'Chapter 1',
      },
      { ts: '2024-05-01T12:00:00Z', spotify_track_uri: null, master_metadata_track_name: null, master_metadata_album_artist_name: null },
    ]);
    expect(await importPaths(ctx.db, [file])).toMatchObject({ podcasts: 2, podcastsAdded: 2, playsAdded: 0, unidentified: 1 });
    expect(
      await readRows(ctx.db, 'SELECT kind, spotify_uri AS uri, title, show_name AS showName FROM episode_plays ORDER BY ended_at'),
    ).toEqual([
      { kind: 'episode', uri: 'spotify:episode:abc', title: 'Ep 1', showName: 'Show' },
      { kind: 'audiobook', uri: 'spotify:episode:ch1', title: 'Chapter 1', showName: 'Book' },
    ]);
    expect(await count(ctx.db, 'SELECT count(*) AS n FROM plays')).toBe(0);
    expect(await importPaths(ctx.db, [file])).toMatchObject({ podcasts: 2, podcastsAdded: 0 });
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRows } from '@/db/sql';
import { accountedRows, type ImportSummary } from '@/lib/import/summary';
import { recomputeRollups, selectDayHourStats, selectTrackStats } from '@/tests/helpers/database';
import { count, eachTestDatabaseAndFolder, importPaths, insertPolledPlay, selectPlays } from './helpers';

/** Hand-made exports shaped like the real histories the import once got wrong (see its README). */
const SHAPES = path.join(process.cwd(), 'tests/fixtures/real-export-shapes');
const shape = (...parts: string[]) => path.join(SHAPES, ...parts);
const OFFLINE = shape('offline-session-synced-in-one-second');
const SAME_MINUTE = shape('account-data-two-streams-in-one-minute');
const FOLDER = shape('account-data-read-before-extended', 'my_spotify_data');
const ACCOUNT = path.join(FOLDER, 'Spotify Account Data');
const EXTENDED = path.join(FOLDER, 'Spotify Extended Streaming History');

const ctx = eachTestDatabaseAndFolder();

/** Every row read is in exactly one count of the summary. */
function expectAddsUp(summary: ImportSummary): ImportSummary {
  expect(accountedRows(summary)).toBe(summary.rowsRead);
  return summary;
}

const playsOf = (name: string) =>
  count(ctx.db, `SELECT count(*) AS n FROM plays p JOIN tracks t ON t.id = p.track_id WHERE t.name = '${name}'`);

describe('streams that end in the same second', () => {
  it('keeps each row of an offline session synced at once, the twin plays six hours apart and the 0 ms aborted start', async () => {
    const summary = expectAddsUp(await importPaths(ctx.db, [OFFLINE]));
    expect(summary).toMatchObject({ rowsRead: 7, playsAdded: 5, skipsAdded: 2, duplicates: 0, merged: 0, rejected: [] });
    expect(await playsOf('Hoppípolla')).toBe(3);
    expect(await playsOf('Teardrop')).toBe(2);
    const plays = await selectPlays(ctx.db);
    expect(
      plays
        .filter((p) => p.trackName === 'Svefn-g-englar')
        .map((p) => [p.msPlayed, p.counted])
        .sort((a, b) => a[0]! - b[0]!),
    ).toEqual([
      [0, 0],
      [73_000, 1],
    ]);
    expect(
      await count(ctx.db, "SELECT sum(plays) AS n FROM track_stats s JOIN tracks t ON t.id = s.track_id WHERE t.name = 'Hoppípolla'"),
    ).toBe(2);

    const again = expectAddsUp(await importPaths(ctx.db, [OFFLINE]));
    expect(again).toMatchObject({ rowsRead: 7, playsAdded: 0, skipsAdded: 0, merged: 0, duplicates: 7 });
    expect(await count(ctx.db, 'SELECT count(*) AS n FROM plays')).toBe(7);
    const recomputed = await recomputeRollups(ctx.db);
    expect(await selectTrackStats(ctx.db)).toEqual(recomputed.tracks);
    expect(await selectDayHourStats(ctx.db)).toEqual(recomputed.dayHour);
  });

  it('merges the longest of equally close rows into the polled play and stores the others beside it', async () => {
    const playedAt = Date.parse('2021-03-14T14:57:27.512Z');
    await insertPolledPlay(ctx.db, playedAt);
    await ctx.db.$client.execute("UPDATE tracks SET spotify_id = '6eTGxxQxiTFE6LfZHC33Wm', name = 'Hoppípolla' WHERE id = 1");
    const summary = expectAddsUp(await importPaths(ctx.db, [OFFLINE]));
    expect(summary).toMatchObject({ merged: 1, playsAdded: 4, skipsAdded: 2 });
    const polled = (await selectPlays(ctx.db)).filter((p) => p.source === 'api');
    expect(polled).toEqual([
      expect.objectContaining({ endedAt: playedAt, msPlayed: 171_000, estimated: 0, reasonStart: 'clickrow', reasonEnd: 'trackdone' }),
    ]);
    expect(await playsOf('Hoppípolla')).toBe(3);
    expect(expectAddsUp(await importPaths(ctx.db, [OFFLINE]))).toMatchObject({ duplicates: 7, merged: 0, playsAdded: 0 });
  });

  it('keeps a 280 ms and a 244 s account-data row of one track in one minute, and each extended row takes over its own', async () => {
    expect(expectAddsUp(await importPaths(ctx.db, [SAME_MINUTE]))).toMatchObject({ playsAdded: 1, skipsAdded: 1 });
    expect(expectAddsUp(await importPaths(ctx.db, [SAME_MINUTE]))).toMatchObject({ playsAdded: 0, skipsAdded: 0, duplicates: 2 });
    const extended = ['2022-07-02T21:14:09Z', '2022-07-02T21:14:31Z'].map((ts, i) => ({
      ts,
      ms_played: i === 0 ? 244_000 : 280,
      master_metadata_track_name: 'Jóga',
      master_metadata_album_artist_name: 'Björk',
      master_metadata_album_album_name: 'Homogenic',
      spotify_track_uri: 'spotify:track:5dcpYVNE5mGbUfBjTq4mAg',
      platform: 'osx',
      reason_start: 'clickrow',
      reason_end: i === 0 ? 'trackdone' : 'fwdbtn',
      shuffle: false,
      skipped: i === 1,
      offline: false,
      offline_timestamp: 0,
    }));
    const file = ctx.folder.write('Streaming_History_Audio_2022.json', JSON.stringify(extended));
    expect(expectAddsUp(await importPaths(ctx.db, [file]))).toMatchObject({ merged: 2, playsAdded: 0, skipsAdded: 0 });
    expect((await selectPlays(ctx.db)).map((p) => [p.endedAt, p.msPlayed, p.source, p.reasonEnd])).toEqual([
      [Date.parse('2022-07-02T21:14:09Z'), 244_000, 'export', 'trackdone'],
      [Date.parse('2022-07-02T21:14:31Z'), 280, 'export', 'fwdbtn'],
    ]);
  });

  it('recognises plays stored before stream keys existed and adds back the same-second twins they lost', async () => {
    await importPaths(ctx.db, [OFFLINE]);
    // What the old identity kept: the first row read of each (track, end), without a key.
    await ctx.db.$client.batch([
      'DELETE FROM plays WHERE id NOT IN (SELECT min(id) FROM plays GROUP BY track_id, ended_at)',
      'UPDATE plays SET stream_key = NULL',
    ]);
    expect(await count(ctx.db, 'SELECT count(*) AS n FROM plays')).toBe(3);
    const summary = expectAddsUp(await importPaths(ctx.db, [OFFLINE]));
    expect(summary).toMatchObject({ duplicates: 3, playsAdded: 3, skipsAdded: 1 });
    expect(await count(ctx.db, 'SELECT count(*) AS n FROM plays WHERE stream_key IS NULL')).toBe(0);
    expect(expectAddsUp(await importPaths(ctx.db, [OFFLINE]))).toMatchObject({ duplicates: 7, playsAdded: 0, skipsAdded: 0 });
  });
});

describe('a merge on the exact second', () => {
  it('merges an export row whose ts is the polled played_at to the millisecond (.000)', async () => {
    const playedAt = Date.parse('2024-05-01T10:00:00.000Z');
    await insertPolledPlay(ctx.db, playedAt);
    const summary = expectAddsUp(await importPaths(ctx.db, [shape('polled-play-ending-on-the-exact-second')]));
    expect(summary).toMatchObject({ merged: 1, duplicates: 0, playsAdded: 0 });
    expect(await selectPlays(ctx.db)).toEqual([
      expect.objectContaining({ endedAt: playedAt, msPlayed: 187_000, estimated: 0, platform: 'ios', source: 'api' }),
    ]);
  });
});

type AlbumRow = { track: string; album: string | null; albumArtist: string | null; spotifyId: string | null };
const selectTrackAlbums = () =>
  readRows<AlbumRow>(
    ctx.db,
    `SELECT t.name AS track, al.name AS album, ar.name AS albumArtist, t.spotify_id AS spotifyId FROM tracks t
      LEFT JOIN albums al ON al.id = t.album_id LEFT JOIN artists ar ON ar.id = al.artist_id ORDER BY t.name`,
  );
const EXPECTED_ALBUMS: AlbumRow[] = [
  { track: 'Angel', album: 'Mezzanine', albumArtist: 'Massive Attack', spotifyId: '7uv632EkfwYhXoqf8rhYrg' },
  { track: 'Glósóli', album: 'Takk...', albumArtist: 'Sigur Rós', spotifyId: '1x2kfDkZ5ASp6dpMB0mlEt' },
];

describe('a whole my_spotify_data folder, account data read first', () => {
  it('puts the tracks account data made on the albums the extended rows name, and counts every stream once', async () => {
    const summary = expectAddsUp(await importPaths(ctx.db, [FOLDER]));
    expect(summary).toMatchObject({
      files: 3,
      rowsRead: 11,
      playsAdded: 5,
      merged: 2,
      duplicates: 0,
      podcasts: 4,
      podcastsAdded: 2,
      podcastsMerged: 2,
    });
    expect(await selectTrackAlbums()).toEqual(EXPECTED_ALBUMS);
    const albums = await readRows<{ name: string; plays: number }>(
      ctx.db,
      'SELECT a.name, s.plays FROM album_stats s JOIN albums a ON a.id = s.id ORDER BY a.name',
    );
    expect(albums).toEqual([
      { name: 'Mezzanine', plays: 2 },
      { name: 'Takk...', plays: 3 },
    ]);
    // The account-data play ending on :00 was taken over by the extended row, not skipped as a duplicate.
    expect((await selectPlays(ctx.db)).find((p) => p.endedAt === Date.parse('2023-02-01T19:10:00Z'))).toMatchObject({
      source: 'export',
      platform: 'android',
    });
    expect(await readRows(ctx.db, 'SELECT spotify_uri AS uri FROM episode_plays ORDER BY ended_at')).toEqual([
      { uri: 'spotify:episode:4r0QDz2vCnbE2m0FJcXxq1' },
      { uri: 'spotify:episode:0LLXmSbPbjL1cKp3dT5bXW' },
    ]);

    const stored = JSON.stringify(
      await Promise.all(['plays', 'episode_plays', 'tracks'].map((t) => readRows(ctx.db, `SELECT * FROM ${t}`))),
    );
    expect(stored).not.toMatch(/198\.51\.100\.23|"DE"/);

    const again = expectAddsUp(await importPaths(ctx.db, [FOLDER]));
    expect(again).toMatchObject({ playsAdded: 0, merged: 0, duplicates: 7, podcasts: 4, podcastsAdded: 0, podcastsMerged: 0 });
    expect(await count(ctx.db, 'SELECT count(*) AS n FROM episode_plays')).toBe(2);
  });

  it('gets the same albums and counts when the two exports come in separate imports, in either order', async () => {
    for (const order of [
      [ACCOUNT, EXTENDED],
      [EXTENDED, ACCOUNT],
    ]) {
      await ctx.db.$client.batch([
        'DELETE FROM plays',
        'DELETE FROM episode_plays',
        'DELETE FROM track_artists',
        'DELETE FROM enrichment_queue',
        'DELETE FROM tracks',
        'DELETE FROM albums',
        'DELETE FROM artists',
      ]);
      for (const input of order) expectAddsUp(await importPaths(ctx.db, [input], Date.UTC(2026, 0, 1)));
      expect(await selectTrackAlbums()).toEqual(EXPECTED_ALBUMS);
      expect(await count(ctx.db, 'SELECT count(*) AS n FROM plays')).toBe(5);
      expect(await count(ctx.db, 'SELECT count(*) AS n FROM episode_plays')).toBe(2);
      expect(await count(ctx.db, "SELECT count(*) AS n FROM episode_plays WHERE spotify_uri LIKE 'account-data:%'")).toBe(0);
    }
  });
});

describe('migration 0013 on plays imported before account data had a source of its own', () => {
  it('marks minute-only plays without platform or reason as account data, and nothing else', async () => {
    const sql = readFileSync(path.join(process.cwd(), 'drizzle/0013_account_source.sql'), 'utf8');
    await insertPolledPlay(ctx.db, Date.parse('2024-05-01T10:00:00.000Z'));
    const insert = (endedAt: string, platform: string | null, reasonEnd: string | null) => ({
      sql: `INSERT INTO plays (ended_at, track_id, ms_played, ms_played_estimated, source, counted, local_day, local_hour, local_weekday, platform, reason_end)
        VALUES (?, 1, 200000, 0, 'export', 1, '2024-05-01', 10, 3, ?, ?)`,
      args: [Date.parse(endedAt), platform, reasonEnd],
    });
    await ctx.db.$client.batch([
      insert('2024-05-01T11:00:00Z', null, null),
      insert('2024-05-01T11:10:07Z', null, null),
      insert('2024-05-01T11:20:00Z', 'android', 'trackdone'),
    ]);
    await ctx.db.$client.execute(sql);
    const sources = await readRows<{ source: string }>(ctx.db, 'SELECT source FROM plays ORDER BY ended_at');
    expect(sources.map((s) => s.source)).toEqual(['api', 'account', 'export', 'export']);
  });
});

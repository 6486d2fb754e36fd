import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, recomputeRollups, selectDayHourStats, selectTrackStats, type TestDatabase } from '@/tests/helpers/database';
import { count, extendedRow, FIXTURES, fixture, importPaths, selectPlays, tempFolder } from './helpers';

let test: TestDatabase;
beforeEach(async () => {
  test = await openTestDatabase();
});
afterEach(() => test.close());

describe('the shared export samples', () => {
  it('Streaming_History_Audio_2023.json: four plays and the 2.4 s skip, out of time order', async () => {
    const summary = await importPaths(test.db, [fixture('Streaming_History_Audio_2023.json')]);
    expect(summary).toMatchObject({ files: 1, rowsRead: 5, playsAdded: 4, skipsAdded: 1, duplicates: 0, incognito: 0, rejected: [] });
    const plays = await selectPlays(test.db);
    expect(plays.map((p) => p.trackName)).toEqual([
      'Calm Down',
      'Love Again',
      'Mi Amor',
      'Monsters (feat. Demi Lovato and blackbear)',
      'Beqaaboo',
    ]);
    expect(plays[4]).toMatchObject({
      endedAt: Date.parse('2024-04-20T18:15:22Z'),
      msPlayed: 2385,
      counted: 0,
      skipped: 1,
      shuffle: 1,
      offline: 1,
      platform: 'android',
      reasonEnd: 'fwdbtn',
      estimated: 0,
      source: 'export',
    });
  });

  it('endsong_0.json: a 0 ms row is a skip; null skipped and incognito stay null', async () => {
    const summary = await importPaths(test.db, [fixture('endsong_0.json')]);
    expect(summary).toMatchObject({ rowsRead: 5, playsAdded: 4, skipsAdded: 1, incognito: 0 });
    const plays = await selectPlays(test.db);
    const ghlana = plays.find((p) => p.trackName === 'Ghlana')!;
    expect(ghlana).toMatchObject({ msPlayed: 0, counted: 0, skipped: null, platform: null, reasonEnd: 'logout' });
    expect(plays.find((p) => p.trackName === 'I Turn My Camera On')).toMatchObject({
      endedAt: Date.parse('2010-12-01T10:28:44Z'),
      counted: 1,
    });
  });

  it('skipped_tracks.json: nine skips, the incognito twin left out, the cross-file twin a duplicate', async () => {
    await importPaths(test.db, [fixture('endsong_0.json')]);
    const summary = await importPaths(test.db, [fixture('skipped_tracks.json')]);
    expect(summary).toMatchObject({ rowsRead: 11, playsAdded: 0, skipsAdded: 9, incognito: 1, duplicates: 1, rejected: [] });
    expect(
      await count(
        test.db,
        "SELECT count(*) AS n FROM plays p JOIN tracks t ON t.id = p.track_id WHERE t.name = 'Jazz Suite No. 2: 1. March'",
      ),
    ).toBe(1);
    expect(await count(test.db, 'SELECT count(*) AS n FROM plays WHERE counted = 0')).toBe(10);
  });

  it('the folder: 21 rows, 8 plays, 11 skips, one incognito and one duplicate; nothing personal stored', async () => {
    const summary = await importPaths(test.db, [FIXTURES]);
    expect(summary).toMatchObject({
      files: 3,
      rowsRead: 21,
      playsAdded: 8,
      skipsAdded: 11,
      duplicates: 1,
      incognito: 1,
      merged: 0,
      rejected: [],
    });
    const tables = ['plays', 'tracks', 'artists', 'albums', 'episode_plays'];
    const dump = JSON.stringify(
      await Promise.all(tables.map((table) => test.db.$client.execute(`SELECT * FROM ${table}`).then((r) => r.rows))),
    );
    expect(dump).toContain('Calm Down');
    for (const personal of ['1.1.1.1', 'MyUsername', 'mordicus', 'Mozilla']) expect(dump).not.toContain(personal);
  });

  it('keeps the rollups exact and queues every new track for enrichment', async () => {
    await importPaths(test.db, [FIXTURES]);
    const recomputed = await recomputeRollups(test.db);
    expect(await selectDayHourStats(test.db)).toEqual(recomputed.dayHour);
    expect(await selectTrackStats(test.db)).toEqual(recomputed.tracks);
    expect(await count(test.db, 'SELECT count(*) AS n FROM tracks')).toBe(19);
    expect(await count(test.db, "SELECT count(*) AS n FROM enrichment_queue WHERE kind = 'track'")).toBe(19);
    expect(await count(test.db, 'SELECT sum(plays) AS n FROM artist_stats')).toBe(8);
    const [credit] = (
      await test.db.$client.execute(
        "SELECT a.name FROM tracks t JOIN track_artists ta ON ta.track_id = t.id JOIN artists a ON a.id = ta.artist_id WHERE t.name = 'Calm Down'",
      )
    ).rows;
    expect(credit?.name).toBe('Rema');
  });

  it('re-importing adds nothing', async () => {
    await importPaths(test.db, [FIXTURES]);
    const before = await selectPlays(test.db);
    const again = await importPaths(test.db, [FIXTURES]);
    expect(again).toMatchObject({ rowsRead: 21, playsAdded: 0, skipsAdded: 0, merged: 0, duplicates: 20, incognito: 1 });
    expect(await selectPlays(test.db)).toEqual(before);
  });
});

describe('inputs', () => {
  it('reads the zip as Spotify sends it, files nested in a folder, other files passed over', async () => {
    const folder = tempFolder();
    try {
      const content = (name: string) => new Uint8Array(readFileSync(fixture(name)));
      const zip = zipSync({
        'Spotify Extended Streaming History': {
          'Streaming_History_Audio_2023.json': content('Streaming_History_Audio_2023.json'),
          'endsong_0.json': content('endsong_0.json'),
          'ReadMeFirst_ExtendedStreamingHistory.pdf': new Uint8Array([37, 80, 68, 70]),
          'Userdata.json': new TextEncoder().encode('{"username":"someone"}'),
        },
      });
      const summary = await importPaths(test.db, [folder.write('my_spotify_data.zip', zip)]);
      expect(summary).toMatchObject({ files: 2, rowsRead: 10, playsAdded: 8, skipsAdded: 2, rejected: [] });
    } finally {
      folder.remove();
    }
  });

  it('takes a zip, a folder and single files in one call, mixed generations, without duplicates', async () => {
    const folder = tempFolder();
    try {
      const zip = zipSync({ export: { 'endsong_0.json': new Uint8Array(readFileSync(fixture('endsong_0.json'))) } });
      const summary = await importPaths(test.db, [folder.write('a.zip', zip), FIXTURES, fixture('skipped_tracks.json')]);
      expect(summary).toMatchObject({ files: 5, rowsRead: 37, playsAdded: 8, skipsAdded: 11, incognito: 2, rejected: [] });
      expect(summary.duplicates).toBe(37 - 8 - 11 - 2);
    } finally {
      folder.remove();
    }
  });

  it('reads music rows of a video file, account-data podcasts and the older StreamingHistoryN.json', async () => {
    const folder = tempFolder();
    try {
      const video = folder.write(
        'Streaming_History_Video_2020-2022.json',
        JSON.stringify([
          extendedRow({
            ts: '2021-02-03T04:05:06Z',
            spotify_track_uri: 'spotify:track:0000000000000000000009',
            master_metadata_track_name: 'Clip Song',
          }),
          extendedRow({
            ts: '2021-02-03T04:09:06Z',
            spotify_track_uri: null,
            master_metadata_track_name: null,
            master_metadata_album_artist_name: null,
          }),
        ]),
      );
      const podcasts = folder.write(
        'StreamingHistory_podcast_0.json',
        JSON.stringify([{ endTime: '2023-01-02 03:04', podcastName: 'Show', episodeName: 'Ep', msPlayed: 1_200_000 }]),
      );
      const older = folder.write(
        'StreamingHistory0.json',
        JSON.stringify([{ endTime: '2019-06-07 08:09', artistName: 'Old Band', trackName: 'Old Song', msPlayed: 45_000 }]),
      );
      const summary = await importPaths(test.db, [video, podcasts, older]);
      expect(summary).toMatchObject({ files: 3, rowsRead: 4, playsAdded: 2, unidentified: 1, podcasts: 1, podcastsAdded: 1, rejected: [] });
      expect((await selectPlays(test.db)).map((p) => [p.trackName, p.spotifyId])).toEqual([
        ['Old Song', null],
        ['Clip Song', '0000000000000000000009'],
      ]);
    } finally {
      folder.remove();
    }
  });
});

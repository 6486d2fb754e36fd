import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importBatches } from '@/db/import/session';
import { REBUILD_ENTITY_STATS } from '@/db/rollups';
import { readRows } from '@/db/sql';
import { importRules } from '@/lib/import/rules';
import type { RowBatch } from '@/lib/import/types';
import {
  openTestDatabase,
  recomputeRollups,
  selectDayHourStats,
  selectTrackMonths,
  selectTrackStats,
  type TestDatabase,
} from '@/tests/helpers/database';
import { importInputs, parseInputs } from '@/lib/import/import-files';
import { openInputs } from '@/lib/import/node-files';
import { count, exportTs as iso, extendedRow, importPaths, musicRow, tempFolder, trackUri as uri } from './helpers';

/**
 * The import against the stand-in for hosted libSQL (tests/fakes/libsql-server.ts), whatever
 * TEST_DATABASE says: no transaction outlives a round trip, every batch commits on its own
 * with exact rollups, an interrupted import resumes, and an ingest write in the middle of an
 * import succeeds along with it.
 */
let test: TestDatabase;
let folder: ReturnType<typeof tempFolder>;
beforeEach(async () => {
  test = await openTestDatabase({ remote: true, latencyMs: 2 });
  folder = tempFolder();
});
afterEach(async () => {
  await test.close();
  folder.remove();
});

const START = Date.parse('2024-05-01T10:00:00Z');
const server = () => test.server!;

async function importFile(file: string, onBatch: () => void) {
  const inputs = parseInputs(await openInputs([file], { read: 0, total: 0 }));
  return importInputs(test.db, inputs, { timeZone: 'UTC', now: START }, { onBatch });
}

/** `n` rows three minutes apart over 30 tracks of two artists. */
function rows(from: number, n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) =>
    extendedRow({
      ts: iso(from + i * 180_000),
      spotify_track_uri: uri(1 + (i % 30)),
      master_metadata_track_name: `Song ${1 + (i % 30)}`,
      master_metadata_album_artist_name: i % 2 === 0 ? 'Band' : 'Other band',
    }),
  );
}

async function expectExactRollups(): Promise<void> {
  const exact = await recomputeRollups(test.db);
  expect(await selectDayHourStats(test.db)).toEqual(exact.dayHour);
  expect(await selectTrackStats(test.db)).toEqual(exact.tracks);
  expect(await selectTrackMonths(test.db)).toEqual(exact.months);
  // The totals each batch rebuilt for what it touched are what a full rebuild gives.
  const totals = (table: string) => readRows(test.db, `SELECT id, plays, ms_played FROM ${table} ORDER BY id`);
  const stored = { artists: await totals('artist_stats'), albums: await totals('album_stats'), genres: await totals('genre_stats') };
  await test.db.$client.batch(REBUILD_ENTITY_STATS, 'write');
  expect(stored).toEqual({
    artists: await totals('artist_stats'),
    albums: await totals('album_stats'),
    genres: await totals('genre_stats'),
  });
  expect(stored.artists.length).toBeGreaterThan(0);
  expect(stored.albums.length).toBeGreaterThan(0);
}

describe('an import into a remote database', () => {
  it('commits each batch of 5 000 rows in a read and a write round trip, no transaction left open between them', async () => {
    const file = folder.write('Streaming_History_Audio_0.json', JSON.stringify(rows(START, 12_000)));
    server().reset();

    expect(await importPaths(test.db, [file])).toMatchObject({ playsAdded: 12_000, rejected: [] });

    const pipelines = server().stats.perRequest;
    // Three batches (5 000, 5 000, 2 000 rows): a read and a write each, then the gaps.
    expect(pipelines.map((report) => report.requests.filter((type) => type !== 'store_sql'))).toEqual([
      ...Array.from({ length: 6 }, () => ['batch', 'close']),
      ['execute', 'close'],
    ]);
    expect(server().openStreams()).toBe(0);
    expect(await count(test.db, 'SELECT count(*) AS n FROM plays')).toBe(12_000);
    await expectExactRollups();
  });

  it('resumes an interrupted import where it stopped: exact after every committed batch, nothing added twice', async () => {
    const file = folder.write('Streaming_History_Audio_0.json', JSON.stringify(rows(START, 12_000)));
    // After the first batch, every request of the second one is cut off before it runs: the import gives up.
    let batches = 0;
    const onBatch = () => void (++batches === 1 && server().dropNext(3, 'before'));
    await expect(importFile(file, onBatch)).rejects.toThrow();
    expect(await count(test.db, 'SELECT count(*) AS n FROM plays')).toBe(5_000);
    await expectExactRollups();

    expect(await importPaths(test.db, [file])).toMatchObject({ playsAdded: 7_000, duplicates: 5_000, rejected: [] });
    expect(await count(test.db, 'SELECT count(*) AS n FROM plays')).toBe(12_000);
    await expectExactRollups();
  });

  it('writes a batch whose answer was lost once, not twice', async () => {
    const file = folder.write('Streaming_History_Audio_0.json', JSON.stringify(rows(START, 6_000)));
    // The first batch's write (the second request) runs, but its answer never arrives: the batch is read and planned again.
    server().dropNext(1, 'after', 1);
    expect(await importPaths(test.db, [file])).toMatchObject({ playsAdded: 1_000, duplicates: 5_000, rejected: [] });
    expect(await count(test.db, 'SELECT count(*) AS n FROM plays')).toBe(6_000);
    await expectExactRollups();
  });

  it('lets an ingest write in the middle of an import, and both succeed', async () => {
    const file = folder.write('Streaming_History_Audio_0.json', JSON.stringify(rows(START, 15_000)));
    const importing = importPaths(test.db, [file]);
    await new Promise((resolve) => setTimeout(resolve, 40));
    // A poll's play right inside the import's time range, stored between its batches.
    await test.db.$client.batch(
      [
        "INSERT INTO artists (spotify_id, name, name_key) VALUES ('polled-artist', 'Polled', 'polled')",
        "INSERT INTO tracks (spotify_id, name, lookup_key) VALUES ('polled-track-0000000000', 'Polled song', 'polled|polled song')",
        `INSERT INTO plays (ended_at, track_id, ms_played, ms_played_estimated, source, counted, local_day, local_hour, local_weekday)
          SELECT ${START + 7_000 * 180_000 + 60_000}, id, 200000, 1, 'api', 1, '2024-05-15', 12, 2 FROM tracks WHERE spotify_id = 'polled-track-0000000000'`,
      ],
      'write',
    );
    expect(await importing).toMatchObject({ playsAdded: 15_000, rejected: [] });
    expect(await count(test.db, 'SELECT count(*) AS n FROM plays')).toBe(15_001);
    await expectExactRollups();
  });

  it('writes a web batch in a bounded few round trips', async () => {
    const music = Array.from({ length: 2_500 }, (_, i) => musicRow(START + i * 180_000, 1 + (i % 30), { streamKey: START + i }));
    const batch: RowBatch = { music, episodes: [], rows: music.length, incognito: 0, unidentified: 0 };
    server().reset();
    const written = await importBatches(test.db, [batch], { rules: importRules('UTC'), now: START });
    expect(written.playsAdded).toBe(2_500);
    expect(server().stats.requests).toBe(3);
    expect(server().openStreams()).toBe(0);
  });
});

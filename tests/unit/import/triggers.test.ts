import { describe, expect, it } from 'vitest';
import { readRows } from '@/db/sql';
import { importInputs, type ParsedInput } from '@/lib/import/import-files';
import type { RowBatch } from '@/lib/import/types';
import { recomputeRollups, selectGenreMonths, selectTrackMonths } from '@/tests/helpers/database';
import {
  count,
  eachTestDatabaseAndFolder,
  exportTs as iso,
  extendedRow,
  importPaths,
  insertPolledPlay,
  musicRow,
  trackUri as uri,
} from './helpers';

const ctx = eachTestDatabaseAndFolder();
/** Small files, written as a large export's are: in the bulk-write mode. */
const BULK = { bulkMinRows: 1 };

const START = Date.parse('2024-05-01T10:00:00Z');

/** Every trigger and index, with its SQL: what an import sets aside must come back exactly. */
const selectSchema = () =>
  readRows(ctx.db, "SELECT type, name, tbl_name AS tbl, sql FROM sqlite_master WHERE type IN ('trigger', 'index') ORDER BY type, name");

/** `n` rows of artist "Band" from `from`, a day apart, over tracks 1–4 (2–4 new, credited to the known artist). */
function bandRows(from: number, n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) =>
    extendedRow({ ts: iso(from + i * 86_400_000), spotify_track_uri: uri(1 + (i % 4)), master_metadata_track_name: `Song ${1 + (i % 4)}` }),
  );
}

describe('the per-row triggers a bulk import sets aside', () => {
  it('keep genre_months exact for new tracks of an artist with genres, before and after a merge brings them back', async () => {
    const polled = START + 40 * 86_400_000 + 1_234;
    await insertPolledPlay(ctx.db, polled, { genres: true });
    const schema = await selectSchema();
    // The first file is written with the triggers set aside; the second merges onto the polled
    // play, which brings them back in the middle of the import.
    const first = ctx.folder.write('Streaming_History_Audio_0.json', JSON.stringify(bandRows(START, 30)));
    const second = ctx.folder.write(
      'Streaming_History_Audio_1.json',
      JSON.stringify([
        extendedRow({ ts: iso(polled - 1_234), spotify_track_uri: uri(1), master_metadata_track_name: 'Song 1' }),
        ...bandRows(START + 60 * 86_400_000, 30),
      ]),
    );
    const summary = await importPaths(ctx.db, [first, second], undefined, BULK);
    expect(summary).toMatchObject({ playsAdded: 60, merged: 1, rejected: [] });

    const exact = await recomputeRollups(ctx.db);
    expect(exact.genreMonths.length).toBeGreaterThan(0);
    expect(await selectGenreMonths(ctx.db)).toEqual(exact.genreMonths);
    expect(await selectTrackMonths(ctx.db)).toEqual(exact.months);
    expect(await selectSchema()).toEqual(schema);
  });

  it('are back as they were after an import that failed midway, with nothing of it left', async () => {
    await insertPolledPlay(ctx.db, START - 86_400_000, { genres: true });
    const good = ctx.folder.write('Streaming_History_Audio_0.json', JSON.stringify(bandRows(START, 40)));
    expect((await importPaths(ctx.db, [good], undefined, BULK)).playsAdded).toBe(40);
    const schema = await selectSchema();
    const before = await recomputeRollups(ctx.db);

    async function* failingBatches(): AsyncGenerator<RowBatch> {
      yield {
        music: [musicRow(START + 100 * 86_400_000), musicRow(START + 101 * 86_400_000)],
        episodes: [],
        rows: 2,
        incognito: 0,
        unidentified: 0,
      };
      throw new Error('the disk went away');
    }
    const input: ParsedInput = {
      input: 'failing',
      files: (async function* () {
        yield {
          name: 'failing/Streaming_History_Audio_9.json',
          strict: true,
          read: { format: 'extended', rows: 2 },
          batches: failingBatches(),
        };
      })(),
    };
    await expect(importInputs(ctx.db, [input], { timeZone: 'UTC', now: START, ...BULK })).rejects.toThrow('the disk went away');

    expect(await selectSchema()).toEqual(schema);
    expect(await count(ctx.db, 'SELECT count(*) AS n FROM plays')).toBe(41);
    expect(await count(ctx.db, 'SELECT count(*) AS n FROM settings')).toBe(0);
    expect(await recomputeRollups(ctx.db)).toEqual(before);
    // The insert triggers work again for the next writer that does not defer them.
    await ctx.db.$client.execute({
      sql: `INSERT INTO plays (ended_at, track_id, ms_played, ms_played_estimated, source, counted, local_day, local_hour, local_weekday)
        VALUES (?, 1, 200000, 1, 'api', 1, '2025-12-01', 12, 0)`,
      args: [Date.parse('2025-12-01T12:00:00Z')],
    });
    const exact = await recomputeRollups(ctx.db);
    expect(await selectTrackMonths(ctx.db)).toEqual(exact.months);
    expect(await selectGenreMonths(ctx.db)).toEqual(exact.genreMonths);
  });
});

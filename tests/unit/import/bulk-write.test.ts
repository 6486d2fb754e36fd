import { describe, expect, it } from 'vitest';
import { BULK_MIN_ROWS } from '@/db/import/bulk-write';
import { importBatches } from '@/db/import/session';
import { importRules } from '@/lib/import/rules';
import { readRows } from '@/db/sql';
import type { RowBatch } from '@/lib/import/types';
import { WEB_BATCH_ROWS } from '@/lib/import/web-batch';
import { recomputeRollups, selectDayHourStats, selectGenreMonths, selectTrackMonths, selectTrackStats } from '@/tests/helpers/database';
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

/** The bulk-write mode is the embedded file's: a remote import never changes the schema. */
const ctx = eachTestDatabaseAndFolder({ remote: false });

const START = Date.parse('2024-05-01T10:00:00Z');

/** SQLite adds one to it with every change of the schema: DDL leaves a trace after commit. */
const schemaVersion = async () => Number((await readRows<{ schema_version: number }>(ctx.db, 'PRAGMA schema_version'))[0]!.schema_version);
const selectSchema = () =>
  readRows(ctx.db, "SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'index') ORDER BY type, name");

/** `n` rows three minutes apart over 40 tracks of one artist with genres. */
function rows(from: number, n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) =>
    extendedRow({ ts: iso(from + i * 180_000), spotify_track_uri: uri(1 + (i % 40)), master_metadata_track_name: `Song ${1 + (i % 40)}` }),
  );
}

async function expectExactRollups(): Promise<void> {
  const exact = await recomputeRollups(ctx.db);
  expect(await selectDayHourStats(ctx.db)).toEqual(exact.dayHour);
  expect(await selectTrackStats(ctx.db)).toEqual(exact.tracks);
  expect(await selectTrackMonths(ctx.db)).toEqual(exact.months);
  expect(await selectGenreMonths(ctx.db)).toEqual(exact.genreMonths);
}

/** A web batch as POST /api/import receives it: `n` plays three minutes apart over 40 tracks. */
function webBatch(from: number, n: number): RowBatch {
  const music = Array.from({ length: n }, (_, i) => musicRow(from + i * 180_000, 1 + (i % 40), { streamKey: from + i }));
  return { music, episodes: [], rows: n, incognito: 0, unidentified: 0 };
}

describe('the bulk-write mode', () => {
  it('is left alone by a web batch: the schema stays as it is and the triggers keep the rollups', async () => {
    await insertPolledPlay(ctx.db, START - 86_400_000, { genres: true });
    const schema = await selectSchema();
    const version = await schemaVersion();
    const written = await importBatches(ctx.db, [webBatch(START, WEB_BATCH_ROWS)], { rules: importRules('UTC'), now: START });

    expect(written.playsAdded).toBe(WEB_BATCH_ROWS);
    expect(await schemaVersion()).toBe(version);
    expect(await selectSchema()).toEqual(schema);
    await expectExactRollups();
  });

  it('sets the triggers and indexes aside for a large file and brings them back exactly', async () => {
    await insertPolledPlay(ctx.db, START - 86_400_000, { genres: true });
    const schema = await selectSchema();
    const version = await schemaVersion();
    const path = ctx.folder.write('Streaming_History_Audio_0.json', JSON.stringify(rows(START, BULK_MIN_ROWS)));

    expect(await importPaths(ctx.db, [path])).toMatchObject({ playsAdded: BULK_MIN_ROWS, rejected: [] });

    expect(await schemaVersion()).toBeGreaterThan(version);
    expect(await selectSchema()).toEqual(schema);
    expect(await count(ctx.db, 'SELECT count(*) AS n FROM plays')).toBe(BULK_MIN_ROWS + 1);
    await expectExactRollups();
  });
});

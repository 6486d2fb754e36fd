import { describe, expect, it } from 'vitest';
import { readRows } from '@/db/sql';
import { recomputeRollups, selectDayHourStats, selectTrackStats } from '@/tests/helpers/database';
import { count, eachTestDatabaseAndFolder, exportTs as iso, extendedRow, importPaths, insertPolledPlay, trackUri as uri } from './helpers';

const ctx = eachTestDatabaseAndFolder();
/** Small files, written as a large export's are: in the bulk-write mode. */
const BULK = { bulkMinRows: 1 };

const START = Date.parse('2024-05-01T10:00:00Z');

const selectIndexes = () =>
  readRows<{ name: string; sql: string }>(
    ctx.db,
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('plays', 'track_stats') ORDER BY name",
  );
const selectPlayStats = () =>
  readRows(ctx.db, "SELECT tbl, idx, stat FROM sqlite_stat1 WHERE tbl IN ('plays', 'track_stats') ORDER BY idx");

function rows(from: number, n: number, tracks: number[]): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) =>
    extendedRow({
      ts: iso(from + i * 7 * 60_000),
      spotify_track_uri: uri(tracks[i % tracks.length]!),
      master_metadata_track_name: `Song ${tracks[i % tracks.length]}`,
    }),
  );
}

describe('the plays and track_stats indexes a bulk import sets aside', () => {
  it('are back as they were, with their planner statistics, after an import into a small table', async () => {
    await insertPolledPlay(ctx.db, START - 86_400_000);
    await ctx.db.$client.execute('ANALYZE');
    const indexes = await selectIndexes();
    const stats = await selectPlayStats();
    expect(indexes.length).toBeGreaterThanOrEqual(6);
    expect(stats.length).toBeGreaterThan(0);

    const first = ctx.folder.write('Streaming_History_Audio_0.json', JSON.stringify(rows(START, 50, [1, 2])));
    const second = ctx.folder.write('Streaming_History_Audio_1.json', JSON.stringify(rows(START + 30 * 86_400_000, 50, [2, 3])));
    expect(await importPaths(ctx.db, [first, second], undefined, BULK)).toMatchObject({ playsAdded: 100, rejected: [] });

    expect(await selectIndexes()).toEqual(indexes);
    expect(await selectPlayStats()).toEqual(stats);
    // The unique index is a real guard again once the import has committed.
    await expect(
      ctx.db.$client
        .execute(`INSERT INTO plays (ended_at, track_id, ms_played, ms_played_estimated, source, counted, local_day, local_hour, local_weekday, stream_key)
        SELECT ended_at, track_id, ms_played, 0, 'export', counted, local_day, local_hour, local_weekday, stream_key FROM plays WHERE stream_key IS NOT NULL LIMIT 1`),
    ).rejects.toThrow(/UNIQUE/);
    await expect(
      ctx.db.$client
        .execute(`INSERT INTO plays (ended_at, track_id, ms_played, ms_played_estimated, source, counted, local_day, local_hour, local_weekday)
        SELECT ended_at, track_id, ms_played, 1, 'api', counted, local_day, local_hour, local_weekday FROM plays WHERE source = 'api' LIMIT 1`),
    ).rejects.toThrow(/UNIQUE/);
  });

  it('are rebuilt for a merge and dropped again with the refused file that rebuilt them', async () => {
    const polled = START + 10 * 86_400_000 + 1_234;
    await insertPolledPlay(ctx.db, polled);
    const indexes = await selectIndexes();
    // The first file makes the import large enough to set the indexes aside; the second merges
    // onto the polled play in its first batch of 5 000 (indexes rebuilt inside its savepoint)
    // and is then refused.
    const good = ctx.folder.write('Streaming_History_Audio_0.json', JSON.stringify(rows(START - 100 * 86_400_000, 20, [2, 3])));
    const refused = ctx.folder.write(
      'Streaming_History_Audio_1.json',
      JSON.stringify([
        extendedRow({ ts: iso(polled - 1_234), spotify_track_uri: uri(1), master_metadata_track_name: 'Song 1' }),
        ...rows(START + 20 * 86_400_000, 6_000, [4, 5]),
        extendedRow({ ms_played: 'x' }),
      ]),
    );
    const merging = ctx.folder.write(
      'Streaming_History_Audio_2.json',
      JSON.stringify([
        extendedRow({ ts: iso(polled - 1_234), spotify_track_uri: uri(1), master_metadata_track_name: 'Song 1' }),
        ...rows(START + 50 * 86_400_000, 10, [1]),
      ]),
    );
    const summary = await importPaths(ctx.db, [good, refused, merging], undefined, BULK);
    expect(summary).toMatchObject({ playsAdded: 30, merged: 1 });
    expect(summary.rejected).toHaveLength(1);

    expect(await selectIndexes()).toEqual(indexes);
    expect(await count(ctx.db, "SELECT count(*) AS n FROM plays WHERE source = 'api' AND ms_played_estimated = 0")).toBe(1);
    const exact = await recomputeRollups(ctx.db);
    expect(await selectDayHourStats(ctx.db)).toEqual(exact.dayHour);
    expect(await selectTrackStats(ctx.db)).toEqual(exact.tracks);
  });
});

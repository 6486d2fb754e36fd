import { describe, expect, it } from 'vitest';
import { readRows } from '@/db/sql';
import { trackLookupKey } from '@/lib/names';
import { recomputeRollups, selectDayHourStats, selectGenreMonths, selectTrackMonths, selectTrackStats } from '@/tests/helpers/database';
import { count, eachTestDatabaseAndFolder, exportTs as iso, extendedRow, importPaths, trackUri as uri } from './helpers';

const ctx = eachTestDatabaseAndFolder();
/** Small files, written as a large export's are: in the bulk-write mode. */
const BULK = { bulkMinRows: 1 };

const START = Date.parse('2024-05-01T10:00:00Z');

/** Plays as the ingest route stores them (the trigger path): played_at in ms, source api. */
async function insertPolledPlays(playedAt: number[]): Promise<void> {
  await ctx.db.$client.batch([
    "INSERT INTO artists (id, spotify_id, name, name_key) VALUES (1, 'artist1', 'Band', 'band')",
    `INSERT INTO tracks (id, spotify_id, name, lookup_key, duration_ms) VALUES (1, '0000000000000000000001', 'Song', '${trackLookupKey('Band', 'Song')}', 210000)`,
    'INSERT INTO track_artists (track_id, artist_id, position) VALUES (1, 1, 0)',
    ...playedAt.map((at) => ({
      sql: `INSERT INTO plays (ended_at, track_id, ms_played, ms_played_estimated, source, counted, local_day, local_hour, local_weekday)
        VALUES (?, 1, 210000, 1, 'api', 1, ?, ?, ?)`,
      args: [at, iso(at).slice(0, 10), new Date(at).getUTCHours(), (new Date(at).getUTCDay() + 6) % 7],
    })),
  ]);
}

/** `n` extended rows from `from`, seven minutes apart, over a few tracks, every fifth a skip. */
function extendedRows(from: number, n: number, tracks: number[]): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) =>
    extendedRow({
      ts: iso(from + i * 7 * 60_000),
      ms_played: i % 5 === 4 ? 9_000 : 120_000 + i,
      spotify_track_uri: uri(tracks[i % tracks.length]!),
      master_metadata_track_name: `Song ${tracks[i % tracks.length]}`,
    }),
  );
}

async function expectRollupsExact(): Promise<void> {
  const exact = await recomputeRollups(ctx.db);
  expect(await selectDayHourStats(ctx.db)).toEqual(exact.dayHour);
  expect(await selectTrackStats(ctx.db)).toEqual(exact.tracks);
  expect(await selectTrackMonths(ctx.db)).toEqual(exact.months);
  expect(await selectGenreMonths(ctx.db)).toEqual(exact.genreMonths);
}

describe('rollups after a bulk import (insert trigger deferred, set-based rollup upserts)', () => {
  it('are exact with merges onto API plays, an account-data play superseded and a refused file, and the flag is gone', async () => {
    // Polled plays through the trigger: one enriched by the extended export, one by account data.
    const polledExtended = START + 1_234;
    const polledAccount = START + 30 * 86_400_000 + 21_500;
    await insertPolledPlays([polledExtended, polledAccount]);
    await expectRollupsExact();

    const account = ctx.folder.write(
      'StreamingHistory_music_0.json',
      JSON.stringify([
        { endTime: iso(polledAccount).slice(0, 16).replace('T', ' '), artistName: 'band', trackName: 'SONG', msPlayed: 150_000 },
        // Superseded by the extended row of the same minute below, within the same import.
        { endTime: '2024-05-02 08:00', artistName: 'Band', trackName: 'Song 2', msPlayed: 100_000 },
        { endTime: '2024-05-03 09:30', artistName: 'Other', trackName: 'Other Song', msPlayed: 10_000 },
      ]),
    );
    const extended = ctx.folder.write(
      'Streaming_History_Audio_2024.json',
      JSON.stringify([
        extendedRow({ ts: iso(START), ms_played: 187_000 }),
        extendedRow({ ts: '2024-05-02T08:00:41Z', ms_played: 170_000, spotify_track_uri: uri(2), master_metadata_track_name: 'Song 2' }),
        ...extendedRows(START + 3_600_000, 7_000, [1, 2, 3, 4]).map((row) => ({ ...row, master_metadata_album_artist_name: 'Band' })),
      ]),
    );
    // 6 000 good rows (a first batch of 5 000 is written) on known and new tracks, then a bad one.
    const refusedRows = extendedRows(START + 90 * 86_400_000, 6_000, [1, 3, 9]);
    const refused = ctx.folder.write(
      'Streaming_History_Audio_2025.json',
      JSON.stringify([...refusedRows, extendedRow({ ms_played: 'x' })]),
    );

    const summary = await importPaths(ctx.db, [account, extended, refused], undefined, BULK);
    expect(summary.rejected).toHaveLength(1);
    expect(summary.merged).toBeGreaterThanOrEqual(3); // two polled plays enriched, one account play superseded
    expect(summary.playsAdded + summary.skipsAdded).toBeGreaterThan(7_000);
    expect(await count(ctx.db, "SELECT count(*) AS n FROM plays WHERE source = 'api' AND ms_played_estimated = 0")).toBe(2);
    expect(await count(ctx.db, `SELECT count(*) AS n FROM plays WHERE ended_at >= ${START + 90 * 86_400_000}`)).toBe(0);
    expect(await readRows(ctx.db, "SELECT key FROM settings WHERE key = 'rollups_deferred'")).toEqual([]);
    await expectRollupsExact();
    expect(await selectTrackStats(ctx.db)).toContainEqual(expect.objectContaining({ trackId: 1, firstEndedAt: polledExtended }));

    // Importing again changes nothing, and the trigger is back for everyone else's inserts.
    const before = await recomputeRollups(ctx.db);
    expect(await importPaths(ctx.db, [account, extended], undefined, BULK)).toMatchObject({ playsAdded: 0, skipsAdded: 0, merged: 0 });
    await expectRollupsExact();
    expect(await recomputeRollups(ctx.db)).toEqual(before);
    await ctx.db.$client.execute({
      sql: `INSERT INTO plays (ended_at, track_id, ms_played, ms_played_estimated, source, counted, local_day, local_hour, local_weekday)
        VALUES (?, 1, 200000, 1, 'api', 1, '2025-12-01', 12, 0)`,
      args: [Date.parse('2025-12-01T12:00:00Z')],
    });
    await expectRollupsExact();
  });

  it('leave no rollups behind for a file refused after its first batch was written', async () => {
    const refused = ctx.folder.write(
      'Streaming_History_Audio_0.json',
      JSON.stringify([...extendedRows(START, 6_000, [5, 6]), extendedRow({ ms_played: 'x' })]),
    );
    expect((await importPaths(ctx.db, [refused], undefined, BULK)).rejected).toHaveLength(1);
    expect(await count(ctx.db, 'SELECT count(*) AS n FROM plays')).toBe(0);
    expect(await count(ctx.db, 'SELECT count(*) AS n FROM day_hour_stats')).toBe(0);
    expect(await count(ctx.db, 'SELECT count(*) AS n FROM track_stats')).toBe(0);
    expect(await count(ctx.db, 'SELECT count(*) AS n FROM settings')).toBe(0);
  });

  it('keep earlier files exact when a refused file wrote its sums before a merge', async () => {
    const polled = START + 10 * 86_400_000 + 1_234;
    await insertPolledPlays([polled]);
    const good = ctx.folder.write('Streaming_History_Audio_0.json', JSON.stringify(extendedRows(START, 300, [1, 5])));
    // Its first batch merges onto the polled play (writing its pending sums inside its
    // savepoint), a later row is bad: only the good file's plays stay in the rollups.
    const refused = ctx.folder.write(
      'Streaming_History_Audio_1.json',
      JSON.stringify([
        extendedRow({ ts: iso(polled - 1_234) }),
        ...extendedRows(START + 20 * 86_400_000, 6_000, [1, 6]),
        extendedRow({ ms_played: 'x' }),
      ]),
    );
    const summary = await importPaths(ctx.db, [good, refused], undefined, BULK);
    expect(summary).toMatchObject({ playsAdded: 240, skipsAdded: 60, merged: 0 });
    expect(summary.rejected).toHaveLength(1);
    expect(await count(ctx.db, 'SELECT count(*) AS n FROM plays')).toBe(301);
    await expectRollupsExact();
    expect(await count(ctx.db, 'SELECT count(*) AS n FROM settings')).toBe(0);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { selectLibrarySummary } from '@/db/stats/details';
import { syncLocalTimes } from '@/lib/owner';
import { readRows } from '@/db/sql';
import { selectTopList } from '@/db/stats/totals-and-lists';
import { toLocalParts } from '@/lib/time';
import {
  openTestDatabase,
  recomputeDayRollups,
  recomputeRollups,
  selectDayHourStats,
  selectDayRollups,
  selectGenreMonths,
  selectTrackMonths,
  selectTrackStats,
  type TestDatabase,
} from '@/tests/helpers/database';
import { rebuildEntityStats } from '@/tests/helpers/library-builder';
import { ALL_TIME, keyed } from './keyed-ranges';
import { MINUTE, PLAY_ENDS, SAMPLE_TIME_ZONE, writeSampleLibrary, type SampleIds } from '@/tests/helpers/sample-library';

let test: TestDatabase;
let ids: SampleIds;

beforeEach(async () => {
  test = await openTestDatabase();
  ids = await writeSampleLibrary(test.db);
});

afterEach(() => test.close());

const ended = (play: keyof typeof PLAY_ENDS) => Date.parse(PLAY_ENDS[play]);
const hourRow = (localDay: string, localHour: number, localWeekday: number, plays: number, minutes: number, skips: number) => ({
  localDay,
  localHour,
  localWeekday,
  plays,
  msPlayed: minutes * MINUTE,
  skips,
});

async function expectRollupsExact() {
  const exact = await recomputeRollups(test.db);
  expect(await selectDayHourStats(test.db)).toEqual(exact.dayHour);
  expect(await selectTrackStats(test.db)).toEqual(exact.tracks);
  expect(await selectTrackMonths(test.db)).toEqual(exact.months);
  expect(await selectGenreMonths(test.db)).toEqual(exact.genreMonths);
  expect(await selectDayRollups(test.db)).toEqual(await recomputeDayRollups(test.db));
}

async function trackStatsOf(trackId: number) {
  return (await selectTrackStats(test.db)).find((row) => row.trackId === trackId);
}

/** Moves a play to another instant, with its local day, hour and weekday, as a merge does. */
async function movePlay(playId: number, endedAt: number) {
  const local = toLocalParts(endedAt, SAMPLE_TIME_ZONE);
  await test.db.$client.execute({
    sql: 'UPDATE plays SET ended_at = ?, local_day = ?, local_hour = ?, local_weekday = ? WHERE id = ?',
    args: [endedAt, local.day, local.hour, local.weekday, playId],
  });
}

describe('rollup triggers', () => {
  it('sum inserted plays per local hour and per track', async () => {
    expect(await selectDayHourStats(test.db)).toEqual([
      hourRow('2025-03-03', 11, 0, 1, 3, 1),
      hourRow('2025-03-04', 19, 1, 1, 4, 0),
      hourRow('2025-03-05', 8, 2, 2, 4, 0),
      hourRow('2025-03-10', 0, 0, 1, 5, 0),
      hourRow('2025-03-10', 13, 0, 1, 5, 0),
      hourRow('2025-03-11', 21, 1, 1, 3, 1),
    ]);
    expect(await trackStatsOf(ids.tracks.songA)).toEqual({
      trackId: ids.tracks.songA,
      plays: 2,
      msPlayed: 6 * MINUTE,
      skips: 1,
      firstEndedAt: ended('p1'),
      lastEndedAt: ended('p8'),
    });
    await expectRollupsExact();
  });

  it('subtract deleted plays and recompute first and last plays', async () => {
    await test.db.$client.execute({ sql: 'DELETE FROM plays WHERE id = ?', args: [ids.plays.p1] });
    expect((await selectDayHourStats(test.db))[0]).toEqual(hourRow('2025-03-03', 11, 0, 0, 0, 1));
    expect(await trackStatsOf(ids.tracks.songA)).toMatchObject({
      plays: 1,
      msPlayed: 3 * MINUTE,
      skips: 1,
      firstEndedAt: ended('p8'),
      lastEndedAt: ended('p8'),
    });
    await test.db.$client.execute({ sql: 'DELETE FROM plays WHERE id = ?', args: [ids.plays.p8] });
    expect(await trackStatsOf(ids.tracks.songA)).toMatchObject({ plays: 0, msPlayed: 0, skips: 1, firstEndedAt: null, lastEndedAt: null });
    await expectRollupsExact();
  });

  it('follow a play that becomes a skip', async () => {
    await test.db.$client.execute({ sql: 'UPDATE plays SET ms_played = 20000, counted = 0 WHERE id = ?', args: [ids.plays.p8] });
    expect((await selectDayHourStats(test.db)).at(-1)).toEqual(hourRow('2025-03-11', 21, 1, 0, 0, 2));
    expect(await trackStatsOf(ids.tracks.songA)).toMatchObject({ plays: 1, msPlayed: 3 * MINUTE, skips: 2, lastEndedAt: ended('p1') });
    await expectRollupsExact();
  });

  it('move a play between tracks, and the entity rollups follow once rebuilt', async () => {
    await test.db.$client.execute({ sql: 'UPDATE plays SET track_id = ? WHERE id = ?', args: [ids.tracks.zebra, ids.plays.p7] });
    expect(await trackStatsOf(ids.tracks.apple)).toBeUndefined(); // no plays and no skips left
    expect(await trackStatsOf(ids.tracks.zebra)).toMatchObject({
      plays: 2,
      msPlayed: 10 * MINUTE,
      firstEndedAt: ended('p6'),
      lastEndedAt: ended('p7'),
    });
    await expectRollupsExact();
    await rebuildEntityStats(test.db);
    const { list } = await selectTopList(test.db, { ...ALL_TIME, kind: 'artists', by: 'plays', limit: 10 });
    expect(list.items.map((item) => [item.name, item.plays])).toEqual([
      ['Alpha', 3],
      ['beta', 3],
      ['epsilon', 2],
      ['Gamma', 2],
    ]);
  });

  it('move a play to another day and hour', async () => {
    const endedAt = Date.parse('2025-03-20T09:00:00Z');
    await movePlay(ids.plays.p4, endedAt);
    const rows = await selectDayHourStats(test.db);
    expect(rows).toContainEqual(hourRow('2025-03-05', 8, 2, 1, 2, 0));
    expect(rows).toContainEqual(hourRow('2025-03-20', 10, 3, 1, 2, 0));
    expect(await trackStatsOf(ids.tracks.songC)).toMatchObject({ plays: 2, firstEndedAt: ended('p5'), lastEndedAt: endedAt });
    await expectRollupsExact();
  });

  it('move a play to another month, and ranges over whole months follow', async () => {
    const endedAt = Date.parse('2025-04-02T09:00:00Z');
    await movePlay(ids.plays.p4, endedAt);
    expect(await selectTrackMonths(test.db)).toContainEqual({
      month: '2025-04',
      trackId: ids.tracks.songC,
      plays: 1,
      msPlayed: 2 * MINUTE,
    });
    await expectRollupsExact();
    // March alone reads track_months; 03-02..04-02 adds April's first days from the plays.
    const march = await selectTopList(test.db, {
      ...keyed({ fromDay: '2025-03-01', toDay: '2025-03-31', allTime: false }),
      kind: 'tracks',
      by: 'plays',
      limit: 10,
    });
    const wider = await selectTopList(test.db, {
      ...keyed({ fromDay: '2025-02-02', toDay: '2025-04-02', allTime: false }),
      kind: 'tracks',
      by: 'plays',
      limit: 10,
    });
    expect(march.list.items.find((item) => item.id === ids.tracks.songC)).toMatchObject({ plays: 1 });
    expect(wider.list.items.find((item) => item.id === ids.tracks.songC)).toMatchObject({ plays: 2 });
    expect(wider.totals.plays).toBe(march.totals.plays + 1);
  });
});

describe('syncLocalTimes', () => {
  it('records the first zone without touching plays, and does nothing while it stays the same', async () => {
    expect(await syncLocalTimes(test.db, SAMPLE_TIME_ZONE)).toBe(0);
    expect(await readRows(test.db, 'SELECT key, value FROM settings')).toEqual([{ key: 'timezone', value: SAMPLE_TIME_ZONE }]);
    expect(await syncLocalTimes(test.db, SAMPLE_TIME_ZONE)).toBe(0);
    expect((await selectDayHourStats(test.db))[0]).toEqual(hourRow('2025-03-03', 11, 0, 1, 3, 1));
  });

  it('recomputes local days, hours and the hourly rollup when the zone changes', async () => {
    await syncLocalTimes(test.db, SAMPLE_TIME_ZONE);
    expect(await syncLocalTimes(test.db, 'UTC')).toBe(9);
    const utcRows = [
      hourRow('2025-03-03', 10, 0, 1, 3, 1),
      hourRow('2025-03-04', 18, 1, 1, 4, 0),
      hourRow('2025-03-05', 7, 2, 2, 4, 0),
      hourRow('2025-03-09', 23, 6, 1, 5, 0), // back on Sunday in UTC
      hourRow('2025-03-10', 12, 0, 1, 5, 0),
      hourRow('2025-03-11', 20, 1, 1, 3, 1),
    ];
    expect(await selectDayHourStats(test.db)).toEqual(utcRows);
    // Emptied hours are removed, not left as zero rows.
    expect(await readRows(test.db, 'SELECT count(*) AS n FROM day_hour_stats')).toEqual([{ n: utcRows.length }]);
    // So are emptied days and monthly clock cells (the daily rollup follows its hours).
    expect(await readRows(test.db, 'SELECT count(*) AS n FROM day_stats')).toEqual([{ n: 6 }]);
    expect(await readRows(test.db, 'SELECT count(*) AS n FROM clock_months')).toEqual([{ n: utcRows.length }]);
    expect(await readRows(test.db, 'SELECT local_day AS day, local_hour AS hour FROM plays WHERE id = ?', [ids.plays.p6])).toEqual([
      { day: '2025-03-09', hour: 23 },
    ]);
    await expectRollupsExact();
    expect(await selectLibrarySummary(test.db)).toEqual({ plays: 7, skips: 2, firstDay: '2025-03-03', lastDay: '2025-03-11' });
  });

  it('moves late plays forward for a zone east of Berlin', async () => {
    await syncLocalTimes(test.db, SAMPLE_TIME_ZONE);
    expect(await syncLocalTimes(test.db, 'Asia/Kolkata')).toBe(9);
    // 03-11 20:10 UTC is 03-12 01:40 in Kolkata.
    expect((await selectDayHourStats(test.db)).at(-1)).toEqual(hourRow('2025-03-12', 1, 2, 1, 3, 1));
    expect(await selectLibrarySummary(test.db)).toMatchObject({ lastDay: '2025-03-12' });
    await expectRollupsExact();
  });
});

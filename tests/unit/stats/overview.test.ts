import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectLibrarySummary } from '@/db/stats/details';
import { selectHistoryPage } from '@/db/stats/history';
import { selectOverview } from '@/db/stats/overview';
import { readRows } from '@/db/sql';
import type { StatsFilter } from '@/db/stats/filters';
import type { ClockCell } from '@/db/stats/types';
import { selectTopList, selectTotals } from '@/db/stats/totals-and-lists';
import { monthEnd, splitMonths } from '@/lib/month-split';
import { TOP_KINDS } from '@/lib/stats-kinds';
import { openTestDatabase, type TestDatabase } from '@/tests/helpers/database';
import { instantsOf, MINUTE, PLAY_ENDS, writeSampleLibrary, type SampleIds } from '@/tests/helpers/sample-library';
import { ALL_TIME, EVERYTHING, keyed, MARCH } from './keyed-ranges';

let test: TestDatabase;
let ids: SampleIds;

beforeAll(async () => {
  test = await openTestDatabase();
  ids = await writeSampleLibrary(test.db);
});

afterAll(() => test.close());

const day = (fromDay: string, toDay = fromDay) => keyed({ fromDay, toDay, allTime: false });

function overviewOf(range: StatsFilter, topLimit = 2, recentLimit = 3) {
  return selectOverview(test.db, { ...range, ...instantsOf(range), by: 'plays', topLimit, recentLimit });
}

describe('selectOverview', () => {
  it('totals the range, with distinct tracks, artists, albums and genres', async () => {
    expect((await overviewOf(MARCH)).totals).toEqual({
      plays: 7,
      msPlayed: 24 * MINUTE,
      skips: 2,
      tracks: 5,
      artists: 5,
      albums: 3,
      genres: 3,
      firstDay: '2025-03-03',
      lastDay: '2025-03-11',
    });
  });

  it('gives counted plays per local day, in day order', async () => {
    expect((await overviewOf(MARCH)).days).toEqual([
      { day: '2025-03-03', plays: 1, msPlayed: 3 * MINUTE },
      { day: '2025-03-04', plays: 1, msPlayed: 4 * MINUTE },
      { day: '2025-03-05', plays: 2, msPlayed: 4 * MINUTE },
      { day: '2025-03-10', plays: 2, msPlayed: 10 * MINUTE },
      { day: '2025-03-11', plays: 1, msPlayed: 3 * MINUTE },
    ]);
  });

  it('fills the listening clock by local weekday and hour', async () => {
    const clock = (await overviewOf(MARCH)).clock.sort((a, b) => a.weekday - b.weekday || a.hour - b.hour);
    expect(clock).toEqual([
      { weekday: 0, hour: 0, plays: 1, msPlayed: 5 * MINUTE }, // 23:30 UTC on Sunday is Monday 00:30 in Berlin
      { weekday: 0, hour: 11, plays: 1, msPlayed: 3 * MINUTE },
      { weekday: 0, hour: 13, plays: 1, msPlayed: 5 * MINUTE },
      { weekday: 1, hour: 19, plays: 1, msPlayed: 4 * MINUTE },
      { weekday: 1, hour: 21, plays: 1, msPlayed: 3 * MINUTE },
      { weekday: 2, hour: 8, plays: 2, msPlayed: 4 * MINUTE },
    ]);
  });

  it('counts the clock of a period from its whole months and the days around them', async () => {
    const byCell = (cells: ClockCell[]) =>
      [...cells].filter((cell) => cell.plays > 0).sort((a, b) => a.weekday - b.weekday || a.hour - b.hour);
    // Head days (March 5 to 31), then whole months; whole months, then tail days (March 1 to 5).
    for (const range of [day('2025-03-05', '2025-05-31'), day('2025-01-01', '2025-03-05'), day('2025-03-04', '2025-03-10')]) {
      const recount = await readRows<ClockCell>(
        test.db,
        `SELECT local_weekday AS weekday, local_hour AS hour, count(*) AS plays, sum(ms_played) AS msPlayed FROM plays
          WHERE counted = 1 AND local_day BETWEEN ? AND ? GROUP BY 1, 2 ORDER BY 1, 2`,
        [range.fromDay, range.toDay],
      );
      expect(recount.length).toBeGreaterThan(0);
      expect(byCell((await overviewOf(range)).clock)).toEqual(recount);
    }
  });

  it('has the head of every top list with its full count', async () => {
    const { top } = await overviewOf(MARCH);
    const heads = Object.values(top).map((list) => [list.kind, list.total, list.items.map((item) => item.name)]);
    expect(heads).toEqual([
      ['tracks', 5, ['Song A', 'Song C']],
      ['artists', 5, ['Alpha', 'beta']],
      ['albums', 3, ['One', 'Two']],
      ['genres', 3, ['Rock', 'Pop']],
    ]);
  });

  it('lists recent counted plays newest first', async () => {
    const { recent } = await overviewOf(MARCH);
    expect(recent.map((play) => play.id)).toEqual([ids.plays.p8, ids.plays.p7, ids.plays.p6]);
    expect(recent[0]).toEqual({
      id: ids.plays.p8,
      endedAt: Date.parse(PLAY_ENDS.p8),
      msPlayed: 3 * MINUTE,
      counted: true,
      source: 'export',
      trackId: ids.tracks.songA,
      trackName: 'Song A',
      album: { id: ids.albums.one, name: 'One' },
      imageUrl: null,
      artists: [{ id: ids.artists.alpha, name: 'Alpha' }],
    });
    // 03-11 ends with a skip (play 9), which the recent list leaves out.
    expect((await overviewOf(day('2025-03-11'))).recent.map((play) => play.id)).toEqual([ids.plays.p8]);
  });

  it.each([
    { range: MARCH, by: 'plays' as const },
    { range: MARCH, by: 'minutes' as const },
    { range: ALL_TIME, by: 'plays' as const },
    { range: ALL_TIME, by: 'minutes' as const },
  ])('has the same lists as selectTopList (allTime: $range.allTime, by $by)', async ({ range, by }) => {
    const overview = await selectOverview(test.db, { ...range, ...instantsOf(range), by, topLimit: 3, recentLimit: 1 });
    for (const kind of TOP_KINDS) {
      const { list, totals } = await selectTopList(test.db, { ...range, kind, by, limit: 3 });
      expect(overview.top[kind], kind).toEqual(list);
      expect(overview.totals).toMatchObject(totals);
    }
    expect(overview.totals).toEqual(await selectTotals(test.db, range));
    expect(overview.totals.plays).toBe(7);
  });

  it('gives the same overview for all time as for a range covering everything', async () => {
    const args = { by: 'minutes' as const, topLimit: 4, recentLimit: 4 };
    const allTime = await selectOverview(test.db, { ...ALL_TIME, ...instantsOf(ALL_TIME), ...args });
    expect(allTime).toEqual(await selectOverview(test.db, { ...EVERYTHING, ...instantsOf(EVERYTHING), ...args }));
    expect(allTime.top.artists.items.map((item) => item.name)).toEqual(['Alpha', 'beta', 'Delta', 'epsilon']);
  });

  it('reads the last month whole when no play falls after the range, with the same result', async () => {
    // What lib/month-split.ts monthSplitOf gives when the last play falls within the range.
    const wholeLastMonth = (range: { fromDay: string; toDay: string }) => splitMonths(range.fromDay, monthEnd(range.toDay));
    const args = { by: 'plays' as const, topLimit: 5, recentLimit: 3 };
    // The sample plays end on March 11: this month's remaining days hold none.
    for (const range of [day('2025-02-20', '2025-03-12'), day('2025-03-04', '2025-03-11'), day('2024-12-15', '2025-03-11')]) {
      const exact = await selectOverview(test.db, { ...range, ...instantsOf(range), ...args });
      const whole = await selectOverview(test.db, { ...range, ...instantsOf(range), ...args, months: wholeLastMonth(range) });
      expect(whole).toEqual(exact);
    }
    // It is only a shortcut: told wrongly, it counts March 11 in a range that ends on the 10th.
    const range = day('2025-02-20', '2025-03-10');
    const wrong = await selectOverview(test.db, { ...range, ...instantsOf(range), ...args, months: wholeLastMonth(range) });
    const exact = await selectOverview(test.db, { ...range, ...instantsOf(range), ...args });
    expect(wrong.top.tracks.items).not.toEqual(exact.top.tracks.items);
  });

  it('puts a play at 23:30 UTC on the next Berlin day', async () => {
    const overview = await overviewOf(day('2025-03-10'), 5, 5);
    expect(overview.totals).toEqual({
      plays: 2,
      msPlayed: 10 * MINUTE,
      skips: 0,
      tracks: 2,
      artists: 3, // Gamma and epsilon on Zebra, Delta on apple
      albums: 1,
      genres: 1,
      firstDay: '2025-03-10',
      lastDay: '2025-03-10',
    });
    expect(overview.days).toEqual([{ day: '2025-03-10', plays: 2, msPlayed: 10 * MINUTE }]);
    expect(overview.top.tracks.items.map((item) => item.name)).toEqual(['apple', 'Zebra']);
    expect(overview.recent.map((play) => play.id)).toEqual([ids.plays.p7, ids.plays.p6]);
    expect((await overviewOf(day('2025-03-09'))).totals.plays).toBe(0);
  });
});

describe('selectHistoryPage', () => {
  it('pages through every play, skips included, newest first', async () => {
    const page = (offset: number) => selectHistoryPage(test.db, { ...instantsOf(MARCH), limit: 4, offset });
    const pages = await Promise.all([page(0), page(4), page(8)]);
    const { p1, p2, p3, p4, p5, p6, p7, p8, p9 } = ids.plays;
    expect(pages.map((p) => p.plays.map((play) => play.id))).toEqual([[p9, p8, p7, p6], [p5, p4, p3, p2], [p1]]);
    expect(pages.map((p) => p.total)).toEqual([9, 9, 9]);
    expect(pages[0]!.plays[0]).toMatchObject({ counted: false, msPlayed: 20_000, trackName: 'Song C' });
  });

  it('bounds the history by local days', async () => {
    const history = await selectHistoryPage(test.db, { ...instantsOf(day('2025-03-10')), limit: 10, offset: 0 });
    expect([history.total, history.plays.map((play) => play.id)]).toEqual([2, [ids.plays.p7, ids.plays.p6]]);
    const before = await selectHistoryPage(test.db, { ...instantsOf(day('2025-03-06', '2025-03-09')), limit: 10, offset: 0 });
    expect(before).toEqual({ plays: [], total: 0 });
  });

  it('counts whole days from the daily rollup, as it counts the plays between their instants', async () => {
    for (const range of [MARCH, day('2025-03-10'), day('2025-03-06', '2025-03-09'), ALL_TIME]) {
      const byInstants = await selectHistoryPage(test.db, { ...instantsOf(range), limit: 1, offset: 0 });
      const byDays = await selectHistoryPage(test.db, { ...instantsOf(range), days: range, limit: 1, offset: 0 });
      expect(byDays).toEqual(byInstants);
    }
    expect((await selectHistoryPage(test.db, { ...instantsOf(MARCH), days: MARCH, limit: 1, offset: 0 })).total).toBe(9);
  });

  it('includes a play ending at the start instant and leaves out one ending at the end instant', async () => {
    const p5 = Date.parse(PLAY_ENDS.p5);
    const upTo = await selectHistoryPage(test.db, { fromMs: 0, toMs: p5, limit: 10, offset: 0 });
    const from = await selectHistoryPage(test.db, { fromMs: p5, toMs: Date.parse(PLAY_ENDS.p6), limit: 10, offset: 0 });
    expect(upTo.plays.map((play) => play.id)).toEqual([ids.plays.p4, ids.plays.p3, ids.plays.p2, ids.plays.p1]);
    expect(from.plays.map((play) => play.id)).toEqual([ids.plays.p5]);
    expect([upTo.total, from.total]).toEqual([4, 1]);
  });
});

describe('selectLibrarySummary', () => {
  it('spans the counted history', async () => {
    expect(await selectLibrarySummary(test.db)).toEqual({ plays: 7, skips: 2, firstDay: '2025-03-03', lastDay: '2025-03-11' });
  });

  it('is empty, and so is the overview, before any play', async () => {
    const empty = await openTestDatabase();
    try {
      expect(await selectLibrarySummary(empty.db)).toEqual({ plays: 0, skips: 0, firstDay: null, lastDay: null });
      const overview = await selectOverview(empty.db, { ...MARCH, ...instantsOf(MARCH), by: 'minutes', topLimit: 5, recentLimit: 5 });
      expect([overview.totals.plays, overview.days, overview.clock, overview.recent, overview.top.genres]).toEqual([
        0,
        [],
        [],
        [],
        { kind: 'genres', items: [], total: 0 },
      ]);
    } finally {
      empty.close();
    }
  });
});

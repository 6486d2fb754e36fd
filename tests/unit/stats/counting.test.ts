import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectLibrarySummary } from '@/db/stats/details';
import { selectOverview } from '@/db/stats/overview';
import { readRows } from '@/db/sql';
import { selectTopList, selectTotals } from '@/db/stats/totals-and-lists';
import { openTestDatabase, type TestDatabase } from '@/tests/helpers/database';
import { LibraryBuilder } from '@/tests/helpers/library-builder';
import { keyed } from './keyed-ranges';

/*
 * One track by X and Y, both Rock (Y is also Pop), and one solo track by Z (Pop).
 * Duet: 30 000 ms (counts, the boundary), 29 999 ms (skip), 200 000 ms (counts), 0 ms (skip).
 * Solo: 2 000 ms (skip) on 05-09 and 5 000 ms (skip) on 05-13, days of only skips; 45 000 ms (counts) on 05-12.
 */
const RANGE = keyed({ fromDay: '2025-05-01', toDay: '2025-05-31', allTime: false });
const RANGES = [RANGE, { ...RANGE, allTime: true }];

let test: TestDatabase;
const ids = { rock: 0, pop: 0, x: 0, y: 0, z: 0, duet: 0, solo: 0, album: 0 };

beforeAll(async () => {
  test = await openTestDatabase();
  const b = new LibraryBuilder('UTC');
  ids.rock = b.genre('Rock');
  ids.pop = b.genre('Pop');
  ids.x = b.artist('X', [ids.rock]);
  ids.y = b.artist('Y', [ids.rock, ids.pop]);
  ids.z = b.artist('Z', [ids.pop]);
  ids.album = b.album('Duets', ids.x);
  ids.duet = b.track('Duet', [ids.x, ids.y], ids.album);
  ids.solo = b.track('Solo', [ids.z], ids.album);
  b.play(ids.duet, '2025-05-10T10:00:00Z', 30_000);
  b.play(ids.duet, '2025-05-10T10:01:00Z', 29_999);
  b.play(ids.duet, '2025-05-11T10:00:00Z', 200_000);
  b.play(ids.duet, '2025-05-11T10:05:00Z', 0);
  b.play(ids.solo, '2025-05-09T10:00:00Z', 2_000);
  b.play(ids.solo, '2025-05-12T10:00:00Z', 45_000);
  b.play(ids.solo, '2025-05-13T10:00:00Z', 5_000);
  await b.write(test.db);
});

afterAll(() => test.close());

async function rows(kind: 'tracks' | 'artists' | 'albums' | 'genres', range: (typeof RANGES)[number]) {
  const { list, totals: sums } = await selectTopList(test.db, { ...range, kind, by: 'plays', limit: 10 });
  const totals = await selectTotals(test.db, range);
  // The list's own sums are the range's, as the totals are.
  expect(totals).toMatchObject(sums);
  return { items: list.items.map((item) => [item.name, item.plays, item.msPlayed]), total: list.total, totals };
}

describe('the 30-second rule', () => {
  it.each(RANGES)('counts plays of 30 000 ms or more and totals the rest as skips (allTime: $allTime)', async (range) => {
    const { totals } = await rows('tracks', range);
    expect(totals).toMatchObject({ plays: 3, msPlayed: 275_000, skips: 4 });
  });

  it.each(RANGES)('leaves skipped time out of a track’s listening time (allTime: $allTime)', async (range) => {
    expect((await rows('tracks', range)).items).toEqual([
      ['Duet', 2, 230_000],
      ['Solo', 1, 45_000],
    ]);
  });

  it('records skips in the track rollup too', async () => {
    const stats = await readRows(test.db, 'SELECT track_id AS id, plays, ms_played AS ms, skips FROM track_stats ORDER BY track_id');
    expect(stats).toEqual([
      { id: ids.duet, plays: 2, ms: 230_000, skips: 2 },
      { id: ids.solo, plays: 1, ms: 45_000, skips: 2 },
    ]);
  });

  it('leaves a day of only skips out of the days listened and the library span', async () => {
    const instants = { fromMs: Date.parse('2025-05-01T00:00:00Z'), toMs: Date.parse('2025-06-01T00:00:00Z') };
    const overview = await selectOverview(test.db, { ...RANGE, ...instants, by: 'plays', topLimit: 1, recentLimit: 10 });
    expect(overview.days.map((day) => [day.day, day.plays, day.msPlayed])).toEqual([
      ['2025-05-10', 1, 30_000],
      ['2025-05-11', 1, 200_000],
      ['2025-05-12', 1, 45_000],
    ]);
    expect(overview.recent.map((play) => play.msPlayed)).toEqual([45_000, 200_000, 30_000]);
    expect([overview.totals.firstDay, overview.totals.lastDay]).toEqual(['2025-05-10', '2025-05-12']);
    expect(await selectLibrarySummary(test.db)).toEqual({ plays: 3, skips: 4, firstDay: '2025-05-10', lastDay: '2025-05-12' });
  });
});

describe('credits and genres', () => {
  it.each(RANGES)('counts a play once for each credited artist (allTime: $allTime)', async (range) => {
    const { items, total, totals } = await rows('artists', range);
    expect(items).toEqual([
      ['X', 2, 230_000],
      ['Y', 2, 230_000],
      ['Z', 1, 45_000],
    ]);
    expect([total, totals.artists]).toEqual([3, 3]);
  });

  it.each(RANGES)('counts a play once per genre, even when two of its artists share it (allTime: $allTime)', async (range) => {
    // Rock: X and Y on Duet → 2 plays, not 4. Pop: Y on Duet + Z on Solo → 3 plays.
    const { items, totals } = await rows('genres', range);
    expect(items).toEqual([
      ['Pop', 3, 275_000],
      ['Rock', 2, 230_000],
    ]);
    expect(totals.genres).toBe(2);
  });

  it.each(RANGES)('counts each play once for its album (allTime: $allTime)', async (range) => {
    const { items, totals } = await rows('albums', range);
    expect(items).toEqual([['Duets', 3, 275_000]]);
    expect([totals.albums, totals.tracks]).toEqual([1, 2]);
  });

  it('gives each artist its share of all plays, so shares of credits may add past 1', async () => {
    const { list } = await selectTopList(test.db, { ...RANGE, kind: 'artists', by: 'plays', limit: 10 });
    expect(list.items.map((item) => item.share)).toEqual([2 / 3, 2 / 3, 1 / 3]);
  });

  it('keeps the genre rollup at one count per play', async () => {
    const stats = await readRows(test.db, 'SELECT id, plays, ms_played AS ms FROM genre_stats ORDER BY id');
    expect(stats).toEqual([
      { id: ids.rock, plays: 2, ms: 230_000 },
      { id: ids.pop, plays: 3, ms: 275_000 },
    ]);
  });
});

describe('narrow ranges', () => {
  it('keep a one-day range to its own plays and skips, and an empty one to zeros', async () => {
    const { list, totals } = await selectTopList(test.db, {
      ...keyed({ fromDay: '2025-05-10', toDay: '2025-05-10', allTime: false }),
      kind: 'tracks',
      by: 'plays',
      limit: 10,
    });
    // 05-10 holds the 30 000 ms play (counted) and the 29 999 ms skip.
    expect(list.items.map((item) => [item.name, item.plays, item.msPlayed, item.share])).toEqual([['Duet', 1, 30_000, 1]]);
    expect(totals).toMatchObject({ plays: 1, msPlayed: 30_000, skips: 1, firstDay: '2025-05-10', lastDay: '2025-05-10' });
    const empty = await selectTopList(test.db, {
      ...keyed({ fromDay: '2025-06-01', toDay: '2025-06-30', allTime: false }),
      kind: 'genres',
      by: 'minutes',
      limit: 10,
    });
    expect(empty).toEqual({
      list: { kind: 'genres', items: [], total: 0 },
      totals: { plays: 0, msPlayed: 0, skips: 0, firstDay: null, lastDay: null },
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TopListArgs } from '@/db/stats/top-lists';
import { selectTopList, selectTotals } from '@/db/stats/totals-and-lists';
import { TOP_KINDS, type Metric } from '@/lib/stats-kinds';
import { openTestDatabase, type TestDatabase } from '@/tests/helpers/database';
import { MINUTE, writeSampleLibrary, type SampleIds } from '@/tests/helpers/sample-library';
import { ALL_TIME, EVERYTHING, MARCH } from './keyed-ranges';

let test: TestDatabase;
let ids: SampleIds;

beforeAll(async () => {
  test = await openTestDatabase();
  ids = await writeSampleLibrary(test.db);
});

afterAll(() => test.close());

const TOTAL_PLAYS = 7;
const TOTAL_MS = 24 * MINUTE;

async function ranked(args: Omit<TopListArgs, 'fromDay' | 'toDay' | 'allTime' | 'months'>, range: typeof MARCH | typeof ALL_TIME = MARCH) {
  const { list } = await selectTopList(test.db, { ...range, ...args });
  return list.items.map((item) => [item.rank, item.name, item.plays, item.msPlayed / MINUTE]);
}

describe('ordering', () => {
  it('ranks tracks by plays, then listening time, then name ignoring case', async () => {
    expect(await ranked({ kind: 'tracks', by: 'plays', limit: 10 })).toEqual([
      [1, 'Song A', 2, 6],
      [2, 'Song C', 2, 4], // same plays as Song A, less time
      [3, 'apple', 1, 5], // ties Zebra on plays and time: "apple" < "Zebra" ignoring case
      [4, 'Zebra', 1, 5],
      [5, 'Song B', 1, 4],
    ]);
  });

  it('ranks by listening time first, then plays, with by: minutes', async () => {
    expect(await ranked({ kind: 'tracks', by: 'minutes', limit: 10 })).toEqual([
      [1, 'Song A', 2, 6],
      [2, 'apple', 1, 5],
      [3, 'Zebra', 1, 5],
      [4, 'Song C', 2, 4], // ties Song B on time, more plays
      [5, 'Song B', 1, 4],
    ]);
  });

  it('ranks artists with full ties by name, case-insensitively', async () => {
    // Binary order would put Gamma before epsilon.
    expect(await ranked({ kind: 'artists', by: 'plays', limit: 10 })).toEqual([
      [1, 'Alpha', 3, 10],
      [2, 'beta', 3, 8],
      [3, 'Delta', 1, 5],
      [4, 'epsilon', 1, 5],
      [5, 'Gamma', 1, 5],
    ]);
  });

  it('ranks albums by plays or by time', async () => {
    expect(await ranked({ kind: 'albums', by: 'plays', limit: 10 })).toEqual([
      [1, 'One', 3, 10],
      [2, 'Two', 2, 4],
      [3, 'Three', 1, 5],
    ]);
    expect((await ranked({ kind: 'albums', by: 'minutes', limit: 10 })).map((row) => row[1])).toEqual(['One', 'Three', 'Two']);
  });

  it('ranks genres, counting Song B once for Rock although both its artists are Rock', async () => {
    expect(await ranked({ kind: 'genres', by: 'plays', limit: 10 })).toEqual([
      [1, 'Rock', 5, 14],
      [2, 'Pop', 3, 10],
      [3, 'Jazz', 2, 10],
    ]);
    expect((await ranked({ kind: 'genres', by: 'minutes', limit: 10 })).map((row) => row[1])).toEqual(['Rock', 'Pop', 'Jazz']);
  });
});

describe('pages, totals and shares', () => {
  it('numbers a page after the offset and reports the full count', async () => {
    const { list } = await selectTopList(test.db, { ...MARCH, kind: 'tracks', by: 'plays', limit: 2, offset: 2 });
    expect(list.total).toBe(5);
    expect(list.items.map((item) => [item.rank, item.name])).toEqual([
      [3, 'apple'],
      [4, 'Zebra'],
    ]);
  });

  it('gives shares of the range’s plays, or of its time by minutes', async () => {
    const byPlays = await selectTopList(test.db, { ...MARCH, kind: 'albums', by: 'plays', limit: 10 });
    expect(byPlays.list.items.map((item) => item.share)).toEqual([3 / TOTAL_PLAYS, 2 / TOTAL_PLAYS, 1 / TOTAL_PLAYS]);
    const byTime = await selectTopList(test.db, { ...MARCH, kind: 'albums', by: 'minutes', limit: 10 });
    expect(byTime.list.items.map((item) => item.share)).toEqual([10 / 24, 5 / 24, 4 / 24]);
  });

  it('returns the range’s sums alongside, and selectTotals adds the distinct counts', async () => {
    const { totals } = await selectTopList(test.db, { ...MARCH, kind: 'genres', by: 'plays', limit: 1 });
    const sums = { plays: TOTAL_PLAYS, msPlayed: TOTAL_MS, skips: 2, firstDay: '2025-03-03', lastDay: '2025-03-11' };
    expect(totals).toEqual(sums);
    expect(await selectTotals(test.db, MARCH)).toEqual({ ...sums, tracks: 5, artists: 5, albums: 3, genres: 3 });
  });
});

describe('item details', () => {
  it('gives tracks their credited artists in order and their album', async () => {
    const { list } = await selectTopList(test.db, { ...MARCH, kind: 'tracks', by: 'plays', limit: 10 });
    expect(list.items.find((item) => item.id === ids.tracks.songB)).toEqual({
      id: ids.tracks.songB,
      rank: 5,
      name: 'Song B',
      plays: 1,
      msPlayed: 4 * MINUTE,
      share: 1 / TOTAL_PLAYS,
      imageUrl: null,
      artists: [
        { id: ids.artists.alpha, name: 'Alpha' },
        { id: ids.artists.beta, name: 'beta' },
      ],
      album: { id: ids.albums.one, name: 'One' },
    });
    expect(list.items.find((item) => item.name === 'apple')).toMatchObject({
      album: null,
      artists: [{ id: ids.artists.delta, name: 'Delta' }],
    });
  });

  it('gives albums their artist and genres their slug', async () => {
    const albums = await selectTopList(test.db, { ...MARCH, kind: 'albums', by: 'plays', limit: 1 });
    expect(albums.list.items[0]!.artists).toEqual([{ id: ids.artists.alpha, name: 'Alpha' }]);
    const genres = await selectTopList(test.db, { ...MARCH, kind: 'genres', by: 'plays', limit: 10 });
    expect(genres.list.items.map((item) => [item.id, item.slug])).toEqual([
      [ids.genres.rock, 'rock'],
      [ids.genres.pop, 'pop'],
      [ids.genres.jazz, 'jazz'],
    ]);
  });
});

describe('all time', () => {
  const cases = TOP_KINDS.flatMap((kind) => (['plays', 'minutes'] as Metric[]).map((by) => ({ kind, by })));

  it.each(cases)('reads the rollups and matches a range covering everything ($kind by $by)', async ({ kind, by }) => {
    const allTime = await selectTopList(test.db, { ...ALL_TIME, kind, by, limit: 3, offset: 1 });
    const wide = await selectTopList(test.db, { ...EVERYTHING, kind, by, limit: 3, offset: 1 });
    const march = await selectTopList(test.db, { ...MARCH, kind, by, limit: 3, offset: 1 });
    expect(allTime).toEqual(wide);
    expect(allTime.list).toEqual(march.list);
    expect(allTime.list.items.length).toBeGreaterThan(0);
    expect(allTime.totals).toMatchObject({ plays: TOTAL_PLAYS, msPlayed: TOTAL_MS, skips: 2 });
    expect(await selectTotals(test.db, ALL_TIME)).toEqual(await selectTotals(test.db, EVERYTHING));
    expect(await selectTotals(test.db, ALL_TIME)).toMatchObject({ genres: 3, albums: 3, tracks: 5, artists: 5 });
  });

  it('ranks all-time artists with the same tie rules', async () => {
    expect(await ranked({ kind: 'artists', by: 'minutes', limit: 10 }, ALL_TIME)).toEqual([
      [1, 'Alpha', 3, 10],
      [2, 'beta', 3, 8],
      [3, 'Delta', 1, 5],
      [4, 'epsilon', 1, 5],
      [5, 'Gamma', 1, 5],
    ]);
  });
});

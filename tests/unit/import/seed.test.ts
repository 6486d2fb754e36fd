import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectLibrarySummary } from '@/db/stats/details';
import { insertCatalog, insertGeneratedPlays } from '@/db/import/seed';
import { countPlays } from '@/db/owner/status';
import { TOP_KINDS } from '@/lib/stats-kinds';
import { selectTopList } from '@/db/stats/totals-and-lists';
import { generateHistory } from '@/lib/demo/generate';
import type { PlayRow } from '@/lib/demo/types';
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
import { ALL_TIME, EVERYTHING } from '@/tests/helpers/sample-library';

// New York, over its 2025-03-09 change to summer time.
const history = generateHistory({
  seed: 3,
  plays: 2_500,
  tracks: 150,
  artists: 40,
  endDay: '2025-03-31',
  days: 120,
  timeZone: 'America/New_York',
});
const counted = history.plays.filter((play) => play.counted);
const creditsOf = new Map<number, number[]>();
for (const credit of history.catalog.trackArtists) {
  creditsOf.set(credit.trackId, [...(creditsOf.get(credit.trackId) ?? []), credit.artistId]);
}

let test: TestDatabase;

beforeAll(async () => {
  test = await openTestDatabase();
  await insertCatalog(test.db, history.catalog);
  await insertGeneratedPlays(test.db, history.plays);
});

afterAll(() => test.close());

/** Plays and time per key, summed in plain JavaScript from the generated rows. */
function sumBy(plays: PlayRow[], keysOf: (play: PlayRow) => Iterable<number>) {
  const sums = new Map<number, { plays: number; msPlayed: number }>();
  for (const play of plays) {
    for (const key of new Set(keysOf(play))) {
      const sum = sums.get(key) ?? { plays: 0, msPlayed: 0 };
      sum.plays += 1;
      sum.msPlayed += play.msPlayed;
      sums.set(key, sum);
    }
  }
  return sums;
}

describe('a generated history written by insertCatalog and insertGeneratedPlays', () => {
  it('stores every play and summarises the counted ones', async () => {
    expect(await countPlays(test.db)).toBe(2_500);
    const days = counted.map((play) => play.localDay).sort();
    expect(await selectLibrarySummary(test.db)).toEqual({
      plays: counted.length,
      skips: 2_500 - counted.length,
      firstDay: days[0],
      lastDay: days.at(-1),
    });
  });

  it('keeps the trigger rollups equal to a recount of the plays', async () => {
    const exact = await recomputeRollups(test.db);
    expect(await selectDayHourStats(test.db)).toEqual(exact.dayHour);
    expect(await selectTrackStats(test.db)).toEqual(exact.tracks);
    expect(await selectTrackMonths(test.db)).toEqual(exact.months);
    expect(await selectGenreMonths(test.db)).toEqual(exact.genreMonths);
    expect(await selectDayRollups(test.db)).toEqual(await recomputeDayRollups(test.db));
    expect(exact.months.length).toBeGreaterThan(12);
  });

  it('ranks artists as a recount of credits does', async () => {
    const expected = [...sumBy(counted, (play) => creditsOf.get(play.trackId)!)]
      .map(([id, sum]) => ({ id, ...sum }))
      .sort((a, b) => b.plays - a.plays || b.msPlayed - a.msPlayed || a.id - b.id)
      .slice(0, 5);
    const { list } = await selectTopList(test.db, { ...ALL_TIME, kind: 'artists', by: 'plays', limit: 5 });
    expect(list.items.map(({ id, plays, msPlayed }) => ({ id, plays, msPlayed }))).toEqual(expected);
  });

  it('counts each genre once per play', async () => {
    const genresOf = (artistId: number) => history.catalog.artistGenres.filter((g) => g.artistId === artistId).map((g) => g.genreId);
    const expected = sumBy(counted, (play) => creditsOf.get(play.trackId)!.flatMap(genresOf));
    const { list } = await selectTopList(test.db, { ...ALL_TIME, kind: 'genres', by: 'minutes', limit: 100 });
    expect(list.total).toBe(expected.size);
    expect(Object.fromEntries(list.items.map((item) => [item.id, { plays: item.plays, msPlayed: item.msPlayed }]))).toEqual(
      Object.fromEntries(expected),
    );
  });

  it.each(TOP_KINDS)('gives the same all-time %s from the rollups as from the plays', async (kind) => {
    for (const by of ['plays', 'minutes'] as const) {
      const allTime = await selectTopList(test.db, { ...ALL_TIME, kind, by, limit: 25, offset: 5 });
      const scanned = await selectTopList(test.db, { ...EVERYTHING, kind, by, limit: 25, offset: 5 });
      expect(allTime).toEqual(scanned);
      expect(allTime.totals.plays).toBe(counted.length);
    }
  });
});

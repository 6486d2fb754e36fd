import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectGenreIdBySlug, selectScopeDetail } from '@/db/stats/details';
import type { DayCount, TopList } from '@/db/stats/types';
import type { Scope, ScopeKind, TopKind } from '@/lib/stats-kinds';
import { openTestDatabase, type TestDatabase } from '@/tests/helpers/database';
import { MINUTE, PLAY_ENDS, writeSampleLibrary, type SampleIds } from '@/tests/helpers/sample-library';
import { ALL_TIME, keyed, MARCH } from './keyed-ranges';

let test: TestDatabase;
let ids: SampleIds;

beforeAll(async () => {
  test = await openTestDatabase();
  ids = await writeSampleLibrary(test.db);
});

afterAll(() => test.close());

const ALL_LISTS: TopKind[] = ['tracks', 'artists', 'albums', 'genres'];

function detailOf<K extends ScopeKind>(scope: Scope & { kind: K }, range: typeof MARCH | typeof ALL_TIME = MARCH) {
  return selectScopeDetail(test.db, { ...range, scope, by: 'plays', lists: ALL_LISTS, limit: 10 });
}

/** Plays and time per month, as a chart by month sums them. */
function byMonth(days: DayCount[]) {
  const months = new Map<string, [number, number]>();
  for (const { day, plays, msPlayed } of days) {
    const [p, ms] = months.get(day.slice(0, 7)) ?? [0, 0];
    months.set(day.slice(0, 7), [p + plays, ms + msPlayed]);
  }
  return [...months];
}

/** [name, plays, minutes] of each list, for compact expectations. */
function listRows(lists: Partial<Record<TopKind, TopList>>) {
  return Object.fromEntries(
    Object.entries(lists).map(([kind, list]) => [kind, list.items.map((item) => [item.name, item.plays, item.msPlayed / MINUTE])]),
  );
}

describe('selectScopeDetail', () => {
  it('describes a track: info, lifetime, range totals, days and lists', async () => {
    const detail = (await detailOf({ kind: 'track', id: ids.tracks.songC }))!;
    expect(detail.info).toEqual({
      id: ids.tracks.songC,
      name: 'Song C',
      spotifyId: null,
      durationMs: null,
      albumId: ids.albums.two,
      albumName: 'Two',
      imageUrl: null,
      artists: [{ id: ids.artists.beta, name: 'beta' }],
    });
    expect(detail.lifetime).toEqual({
      plays: 2,
      msPlayed: 4 * MINUTE,
      firstEndedAt: Date.parse(PLAY_ENDS.p4),
      lastEndedAt: Date.parse(PLAY_ENDS.p5),
    });
    expect(detail.totals).toEqual({
      plays: 2,
      msPlayed: 4 * MINUTE,
      skips: 1, // play 9 on 03-11
      firstDay: '2025-03-05',
      lastDay: '2025-03-05',
    });
    expect(detail.days).toEqual([{ day: '2025-03-05', plays: 2, msPlayed: 4 * MINUTE }]);
    expect(listRows(detail.lists)).toMatchObject({ artists: [['beta', 2, 4]], genres: [['Rock', 2, 4]] });
  });

  it('describes an artist through every track crediting it', async () => {
    const detail = (await detailOf({ kind: 'artist', id: ids.artists.beta }))!;
    expect(detail.info).toEqual({
      id: ids.artists.beta,
      name: 'beta',
      spotifyId: null,
      imageUrl: null,
      genres: [{ slug: 'rock', name: 'Rock' }],
    });
    expect(detail.lifetime).toEqual({
      plays: 3,
      msPlayed: 8 * MINUTE,
      firstEndedAt: Date.parse(PLAY_ENDS.p3),
      lastEndedAt: Date.parse(PLAY_ENDS.p5),
    });
    expect(detail.totals).toMatchObject({ plays: 3, msPlayed: 8 * MINUTE, skips: 1, firstDay: '2025-03-04', lastDay: '2025-03-05' });
    expect(detail.days).toEqual([
      { day: '2025-03-04', plays: 1, msPlayed: 4 * MINUTE },
      { day: '2025-03-05', plays: 2, msPlayed: 4 * MINUTE },
    ]);
    expect(listRows(detail.lists)).toEqual({
      tracks: [
        ['Song C', 2, 4],
        ['Song B', 1, 4],
      ],
      artists: [
        ['beta', 3, 8],
        ['Alpha', 1, 4],
      ], // Alpha as the co-artist of Song B
      albums: [
        ['Two', 2, 4],
        ['One', 1, 4],
      ],
      genres: [
        ['Rock', 3, 8],
        ['Pop', 1, 4],
      ], // Song B is Pop through Alpha
    });
    expect(detail.lists.tracks!.items.map((item) => item.share)).toEqual([2 / 3, 1 / 3]);
  });

  it('orders an artist’s genres by weight', async () => {
    const detail = (await detailOf({ kind: 'artist', id: ids.artists.alpha }))!;
    expect(detail.info.genres).toEqual([
      { slug: 'rock', name: 'Rock' },
      { slug: 'pop', name: 'Pop' },
    ]);
  });

  it('describes an album through its tracks', async () => {
    const detail = (await detailOf({ kind: 'album', id: ids.albums.one }))!;
    expect(detail.info).toEqual({
      id: ids.albums.one,
      name: 'One',
      spotifyId: null,
      imageUrl: null,
      releaseDate: null,
      artistId: ids.artists.alpha,
      artistName: 'Alpha',
    });
    expect(detail.lifetime).toEqual({
      plays: 3,
      msPlayed: 10 * MINUTE,
      firstEndedAt: Date.parse(PLAY_ENDS.p1),
      lastEndedAt: Date.parse(PLAY_ENDS.p8),
    });
    expect(detail.totals).toEqual({
      plays: 3,
      msPlayed: 10 * MINUTE,
      skips: 1,
      firstDay: '2025-03-03',
      lastDay: '2025-03-11',
    });
    expect(listRows(detail.lists)).toMatchObject({
      tracks: [
        ['Song A', 2, 6],
        ['Song B', 1, 4],
      ],
      artists: [
        ['Alpha', 3, 10],
        ['beta', 1, 4],
      ],
    });
  });

  it('counts a play once for a genre shared by two of its artists', async () => {
    const detail = (await detailOf({ kind: 'genre', id: ids.genres.rock }))!;
    expect(detail.info).toEqual({ id: ids.genres.rock, name: 'Rock', slug: 'rock', artistCount: 2 });
    expect(detail.lifetime).toMatchObject({ plays: 5, msPlayed: 14 * MINUTE });
    expect(detail.totals).toMatchObject({ plays: 5, msPlayed: 14 * MINUTE, skips: 2 });
    expect(listRows(detail.lists)).toMatchObject({
      tracks: [
        ['Song A', 2, 6],
        ['Song C', 2, 4],
        ['Song B', 1, 4],
      ],
      artists: [
        ['Alpha', 3, 10],
        ['beta', 3, 8],
      ],
    });
  });

  it('lists only the genre’s own artists among its top artists, not their guests', async () => {
    // Zebra is by Gamma (Jazz) with epsilon (no genre); apple is by Delta (Jazz).
    const detail = (await detailOf({ kind: 'genre', id: ids.genres.jazz }))!;
    expect(listRows(detail.lists)).toMatchObject({
      artists: [
        ['Delta', 1, 5],
        ['Gamma', 1, 5],
      ],
      tracks: [
        ['apple', 1, 5],
        ['Zebra', 1, 5],
      ],
      albums: [['Three', 1, 5]],
      genres: [['Jazz', 2, 10]],
    });
    expect(detail.lists.artists!.total).toBe(2);
    expect(detail.lifetime).toEqual({
      plays: 2,
      msPlayed: 10 * MINUTE,
      firstEndedAt: Date.parse(PLAY_ENDS.p6),
      lastEndedAt: Date.parse(PLAY_ENDS.p7),
    });
  });

  it.each(['track', 'artist', 'album', 'genre'] as const)(
    'gives the same %s page for all time as for a range covering it',
    async (kind) => {
      const id = { track: ids.tracks.songB, artist: ids.artists.alpha, album: ids.albums.one, genre: ids.genres.jazz }[kind];
      const [bounded, allTime] = await Promise.all([detailOf({ kind, id }), detailOf({ kind, id }, ALL_TIME)]);
      expect(allTime!.totals.plays).toBeGreaterThan(0);
      // A genre charted by month (all time) is answered in months; its chart is the same.
      expect({ ...allTime, days: byMonth(allTime!.days) }).toEqual({ ...bounded, days: byMonth(bounded!.days) });
      if (kind !== 'genre') expect(allTime!.days).toEqual(bounded!.days);
    },
  );

  it('charts a genre by month over long ranges: whole months from its rollup, the days around them from its plays', async () => {
    const jazz = { kind: 'genre', id: ids.genres.jazz } as const;
    const detail = async (fromDay: string, toDay: string, allTime = false) =>
      (await selectScopeDetail(test.db, { ...keyed({ fromDay, toDay, allTime }), scope: jazz, by: 'plays', lists: [], limit: 1 }))!;
    const march = await detail('2025-03-01', '2025-03-31');
    const { plays, msPlayed } = march.totals;
    expect(plays).toBeGreaterThan(1);
    expect((await detail(ALL_TIME.fromDay, ALL_TIME.toDay, true)).days).toEqual([{ day: '2025-03-01', plays, msPlayed }]);
    // Head days (March 5 on) and tail days (up to March 10) come from the plays, as a short range's do.
    const pairs: [long: [string, string], short: [string, string]][] = [
      [
        ['2025-03-05', '2027-06-30'],
        ['2025-03-05', '2025-03-31'],
      ],
      [
        ['2023-01-01', '2025-03-10'],
        ['2025-03-01', '2025-03-10'],
      ],
    ];
    for (const [[longFrom, longTo], [shortFrom, shortTo]] of pairs) {
      const [long, short] = await Promise.all([detail(longFrom, longTo), detail(shortFrom, shortTo)]);
      expect(long.days.length).toBeGreaterThan(0);
      expect([byMonth(long.days), long.totals]).toEqual([byMonth(short.days), short.totals]);
    }
  });

  it('returns null for an id that does not exist', async () => {
    expect(await detailOf({ kind: 'artist', id: 999 })).toBeNull();
    expect(await detailOf({ kind: 'genre', id: 999 })).toBeNull();
  });
});

describe('selectGenreIdBySlug', () => {
  it('finds a genre by slug', async () => {
    expect(await selectGenreIdBySlug(test.db, 'jazz')).toBe(ids.genres.jazz);
    expect(await selectGenreIdBySlug(test.db, 'polka')).toBeNull();
  });
});

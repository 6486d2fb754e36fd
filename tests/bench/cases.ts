import type { Database } from '@/db';
import { selectGenreIdBySlug, selectLibrarySummary, selectScopeDetail } from '@/db/stats/details';
import { selectHistoryPage } from '@/db/stats/history';
import { selectOverview } from '@/db/stats/overview';
import { readRows } from '@/db/sql';
import { selectTopList } from '@/db/stats/totals-and-lists';
import { parseStatsQuery, toRangeKey, type StatsRange } from '@/lib/range';
import { TOP_KINDS, type ScopeKind } from '@/lib/stats-kinds';
import { addDays, localDayStartMs } from '@/lib/time';

export type BenchCase = { name: string; path: string; run: () => Promise<unknown> };

const RANGES = ['4w', '1y', 'all'] as const;
const DETAIL_LISTS = { track: [], artist: ['tracks', 'albums'], album: ['tracks'], genre: ['artists', 'tracks'] } as const;
const DETAIL_PATHS = { track: 'tracks', artist: 'artists', album: 'albums', genre: 'genres' } as const;

function rangeOf(key: string, today: string): StatsRange {
  const parsed = parseStatsQuery({ range: key }, today);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value.range;
}

/** The most played item of each kind: the heaviest detail page there is. */
async function busiestItems(db: Database) {
  const [row] = await readRows<Record<ScopeKind, number> & { slug: string }>(
    db,
    `SELECT (SELECT track_id FROM track_stats ORDER BY plays DESC LIMIT 1) AS track,
      (SELECT id FROM artist_stats ORDER BY plays DESC LIMIT 1) AS artist,
      (SELECT id FROM album_stats ORDER BY plays DESC LIMIT 1) AS album,
      (SELECT id FROM genre_stats ORDER BY plays DESC LIMIT 1) AS genre,
      (SELECT slug FROM genres WHERE id = (SELECT id FROM genre_stats ORDER BY plays DESC LIMIT 1)) AS slug`,
  );
  return row!;
}

/** Every page's data read, at the ranges a visitor is likely to pick. */
export async function buildCases(db: Database, today: string, timeZone: string): Promise<BenchCase[]> {
  const items = await busiestItems(db);
  const { lastDay } = await selectLibrarySummary(db);
  const cases: BenchCase[] = [];
  for (const key of RANGES) {
    const range = rangeOf(key, today);
    const filter = toRangeKey(range, lastDay);
    const instants = { fromMs: localDayStartMs(range.fromDay, timeZone), toMs: localDayStartMs(addDays(range.toDay, 1), timeZone) };
    const query = key === '4w' ? '' : `?range=${key}`;
    cases.push({
      name: `overview ${key}`,
      path: `/${query}`,
      run: () => selectOverview(db, { ...filter, ...instants, by: 'plays', topLimit: 5, recentLimit: 10 }),
    });
    for (const kind of TOP_KINDS) {
      cases.push({
        name: `${kind} ${key}`,
        path: `/${kind}${query}`,
        run: () => selectTopList(db, { ...filter, kind, by: 'plays', limit: 50 }),
      });
    }
    for (const kind of ['track', 'artist', 'album', 'genre'] as const) {
      const id = items[kind];
      const key2 = kind === 'genre' ? items.slug : id;
      cases.push({
        name: `${kind} detail ${key}`,
        path: `/${DETAIL_PATHS[kind]}/${key2}${query}`,
        run: () => selectScopeDetail(db, { ...filter, scope: { kind, id }, by: 'plays', lists: [...DETAIL_LISTS[kind]], limit: 10 }),
      });
    }
    cases.push({
      name: `history ${key}`,
      path: `/history${query}`,
      run: () => selectHistoryPage(db, { ...instants, days: range, limit: 50, offset: 0 }),
    });
  }
  return cases;
}

/**
 * What a page render reads before its data while the cache is cold, each in a cached read of
 * its own: every stats page the library summary (components/stats/stats-context.tsx), a
 * genre's page first its slug's id (components/stats/detail-page.tsx).
 */
export async function buildLookupCases(db: Database): Promise<BenchCase[]> {
  const { slug } = await busiestItems(db);
  return [
    { name: 'library summary', path: '/', run: () => selectLibrarySummary(db) },
    { name: 'genre id by slug', path: `/genres/${slug}`, run: () => selectGenreIdBySlug(db, slug) },
  ];
}

import 'server-only';
import { cacheLife, cacheTag } from 'next/cache';
import { getDb } from '@/db';
import { selectGenreIdBySlug, selectLibrarySummary, selectScopeDetail, type ScopeDetail } from '@/db/stats/details';
import { selectHistoryPage } from '@/db/stats/history';
import { selectOverview } from '@/db/stats/overview';
import { lastPlayIn, type Scope, type StatsFilter, type TopKind } from '@/db/stats/fragments';
import { selectTopList, selectTotals } from '@/db/stats/totals-and-lists';
import { STATS_CACHE_LIFE, TAGS } from './cache-tags';
import { getEnv } from './env';
import { todayIn, type Metric, type StatsRange } from './range';
import { addDays, localDayStartMs } from './time';

/** The plain, serialisable part of a range that the cached reads are keyed on. */
export type RangeKey = { fromDay: string; toDay: string; allTime: boolean; lastPlayIn: boolean };

/** `lastPlayDay`: the local day of the latest counted play (getLibrarySummary), null when none. */
export function toRangeKey(range: StatsRange, lastPlayDay: string | null): RangeKey {
  return { fromDay: range.fromDay, toDay: range.toDay, allTime: range.key === 'all', lastPlayIn: lastPlayIn(range.toDay, lastPlayDay) };
}

function instants(range: RangeKey) {
  const timeZone = getEnv().SITE_TIMEZONE;
  return { fromMs: localDayStartMs(range.fromDay, timeZone), toMs: localDayStartMs(addDays(range.toDay, 1), timeZone) };
}

/**
 * Today in the site's zone. Pages read it through a short cache because Next refuses a bare
 * Date.now() while it prerenders or prefetches a page with its URL; a minute late at midnight
 * is the price.
 */
export async function getToday(): Promise<string> {
  'use cache';
  cacheLife({ stale: 60, revalidate: 60, expire: 300 });
  return todayIn(getEnv().SITE_TIMEZONE);
}

export async function getLibrarySummary() {
  'use cache';
  cacheTag(TAGS.plays);
  cacheLife(STATS_CACHE_LIFE);
  return selectLibrarySummary(getDb());
}

export async function getOverview(range: RangeKey, by: Metric, topLimit = 5) {
  'use cache';
  cacheTag(TAGS.plays);
  cacheLife(STATS_CACHE_LIFE);
  return selectOverview(getDb(), { ...range, ...instants(range), by, topLimit, recentLimit: 10 });
}

export async function getTopList(range: RangeKey, kind: TopKind, by: Metric, limit: number, offset = 0) {
  'use cache';
  cacheTag(TAGS.plays);
  cacheLife(STATS_CACHE_LIFE);
  return selectTopList(getDb(), { ...range, kind, by, limit, offset });
}

/** Sums and distinct counts of a range, for the JSON API (pages get them with their lists). */
export async function getTotals(range: RangeKey) {
  'use cache';
  cacheTag(TAGS.plays);
  cacheLife(STATS_CACHE_LIFE);
  return selectTotals(getDb(), range);
}

export async function getHistoryPage(range: RangeKey, limit: number, offset: number) {
  'use cache';
  cacheTag(TAGS.plays);
  cacheLife(STATS_CACHE_LIFE);
  return selectHistoryPage(getDb(), { ...instants(range), days: { fromDay: range.fromDay, toDay: range.toDay }, limit, offset });
}

export async function getScopeDetail<Info extends Record<string, unknown>>(
  range: RangeKey,
  scope: Scope,
  by: Metric,
  lists: TopKind[],
): Promise<ScopeDetail<Info> | null> {
  'use cache';
  cacheTag(TAGS.plays);
  cacheLife(STATS_CACHE_LIFE);
  const filter: StatsFilter = { ...range, scope };
  return selectScopeDetail<Info>(getDb(), { ...filter, scope, by, lists, limit: 10 });
}

export async function getGenreId(slug: string) {
  'use cache';
  cacheTag(TAGS.plays);
  cacheLife(STATS_CACHE_LIFE);
  return selectGenreIdBySlug(getDb(), slug);
}

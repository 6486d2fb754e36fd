import 'server-only';
import { cacheLife, cacheTag } from 'next/cache';
import { getDb } from '@/db';
import { selectGenreIdBySlug, selectLibrarySummary, selectScopeDetail } from '@/db/stats/details';
import { selectHistoryPage } from '@/db/stats/history';
import { selectOverview } from '@/db/stats/overview';
import { selectTopList, selectTotals } from '@/db/stats/totals-and-lists';
import { STATS_CACHE_LIFE, TAGS } from './cache-tags';
import { getEnv } from './env';
import { todayIn, type RangeKey } from './range';
import type { Metric, Scope, ScopeKind, TopKind } from './stats-kinds';
import { addDays, localDayStartMs } from './time';

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

export async function getOverview({ range, by, topLimit = 5 }: { range: RangeKey; by: Metric; topLimit?: number }) {
  'use cache';
  cacheTag(TAGS.plays);
  cacheLife(STATS_CACHE_LIFE);
  return selectOverview(getDb(), { ...range, ...instants(range), by, topLimit, recentLimit: 10 });
}

export async function getTopList({ range, ...list }: { range: RangeKey; kind: TopKind; by: Metric; limit: number; offset?: number }) {
  'use cache';
  cacheTag(TAGS.plays);
  cacheLife(STATS_CACHE_LIFE);
  return selectTopList(getDb(), { ...range, ...list });
}

/** Sums and distinct counts of a range, for the JSON API (pages get them with their lists). */
export async function getTotals(range: RangeKey) {
  'use cache';
  cacheTag(TAGS.plays);
  cacheLife(STATS_CACHE_LIFE);
  return selectTotals(getDb(), range);
}

export async function getHistoryPage({ range, limit, offset }: { range: RangeKey; limit: number; offset: number }) {
  'use cache';
  cacheTag(TAGS.plays);
  cacheLife(STATS_CACHE_LIFE);
  return selectHistoryPage(getDb(), { ...instants(range), days: { fromDay: range.fromDay, toDay: range.toDay }, limit, offset });
}

export async function getScopeDetail<K extends ScopeKind>({
  range,
  scope,
  by,
  lists,
}: {
  range: RangeKey;
  scope: Scope & { kind: K };
  by: Metric;
  lists: readonly TopKind[];
}) {
  'use cache';
  cacheTag(TAGS.plays);
  cacheLife(STATS_CACHE_LIFE);
  return selectScopeDetail(getDb(), { ...range, scope, by, lists, limit: 10 });
}

export async function getGenreId(slug: string) {
  'use cache';
  cacheTag(TAGS.plays);
  cacheLife(STATS_CACHE_LIFE);
  return selectGenreIdBySlug(getDb(), slug);
}

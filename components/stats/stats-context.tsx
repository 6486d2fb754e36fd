import { RangePicker } from '@/components/range/range-picker';
import { getEnv } from '@/lib/env';
import { parseStatsQuery, rangeSearch, toRangeKey, type RangeKey, type SearchParams, type StatsRange } from '@/lib/range';
import { getLibrarySummary, getToday } from '@/lib/stats';
import type { Metric } from '@/lib/stats-kinds';
import { EmptyLibrary, InvalidQuery } from './notices';

export type StatsContext = {
  range: StatsRange;
  rangeKey: RangeKey;
  by: Metric;
  /** Query string that carries the range and metric to linked pages. */
  query: string;
  timeZone: string;
  picker: React.ReactNode;
};

function yearsBetween(firstDay: string | null, lastDay: string | null): string[] {
  if (!firstDay || !lastDay) return [];
  const years: string[] = [];
  for (let year = Number(lastDay.slice(0, 4)); year >= Number(firstDay.slice(0, 4)); year--) years.push(String(year));
  return years;
}

/**
 * Reads the range from the URL for a stats page. Returns the page's notice instead when the
 * library is empty or the query is invalid, so every page handles both the same way.
 */
export async function loadStatsContext(
  pathname: string,
  searchParams: Promise<SearchParams>,
): Promise<{ ok: true; context: StatsContext } | { ok: false; notice: React.ReactNode }> {
  const params = await searchParams;
  const timeZone = getEnv().SITE_TIMEZONE;
  const parsed = parseStatsQuery(params, await getToday());
  if (!parsed.ok) return { ok: false, notice: <InvalidQuery error={parsed.error} pathname={pathname} /> };
  const summary = await getLibrarySummary();
  if (summary.plays === 0 && summary.skips === 0) return { ok: false, notice: <EmptyLibrary /> };
  const { range, by } = parsed.value;
  return {
    ok: true,
    context: {
      range,
      rangeKey: toRangeKey(range, summary.lastDay),
      by,
      query: rangeSearch(range, by),
      timeZone,
      picker: <RangePicker pathname={pathname} range={range} by={by} years={yearsBetween(summary.firstDay, summary.lastDay)} />,
    },
  };
}

import 'server-only';
import type { RangeSums, TopItem } from '@/db/stats/types';
import { getEnv } from '@/lib/env';
import { firstParam, parseLimit, parseStatsQuery, todayIn, toRangeKey, type QueryError, type StatsRange } from '@/lib/range';
import { buildSeries } from '@/lib/series';
import { getLibrarySummary, getOverview, getTopList, getTotals } from '@/lib/stats';
import { isTopKind, TOP_KINDS, type TopKind } from '@/lib/stats-kinds';
import { addDays, localDayStartMs } from '@/lib/time';

export const API_MAX_LIMIT = 500;

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
};

export function corsPreflight(): Response {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}

function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { ...CORS_HEADERS, 'Cache-Control': 'public, max-age=60' } });
}

function badRequest(error: QueryError): Response {
  return Response.json({ error: { parameter: error.param, message: error.message } }, { status: 400, headers: CORS_HEADERS });
}

/** The range as instants: from the start of the first day to the last millisecond of the last. */
function isoRange(range: StatsRange, totals: RangeSums) {
  const timeZone = getEnv().SITE_TIMEZONE;
  const fromDay = range.key === 'all' && totals.firstDay ? totals.firstDay : range.fromDay;
  return {
    key: range.key,
    from: new Date(localDayStartMs(fromDay, timeZone)).toISOString(),
    to: new Date(localDayStartMs(addDays(range.toDay, 1), timeZone) - 1).toISOString(),
    timeZone,
  };
}

function apiItem(kind: TopKind, item: TopItem) {
  const key = kind === 'genres' ? item.slug : item.id;
  return { ...item, url: `/${kind}/${key}` };
}

async function parseQuery(url: URL, defaultLimit: number) {
  const params = Object.fromEntries(url.searchParams);
  const parsed = parseStatsQuery(params, todayIn(getEnv().SITE_TIMEZONE));
  if (!parsed.ok) return parsed;
  const limit = parseLimit(firstParam(params, 'limit'), defaultLimit, API_MAX_LIMIT);
  if (!limit.ok) return limit;
  const { lastDay } = await getLibrarySummary();
  return { ok: true as const, value: { ...parsed.value, limit: limit.value, key: toRangeKey(parsed.value.range, lastDay) } };
}

export async function respondWithTopList(url: URL, kind: string): Promise<Response> {
  if (!isTopKind(kind)) {
    return badRequest({ param: 'kind', message: `"${kind}" is not a list: use tracks, artists, albums or genres.` });
  }
  const parsed = await parseQuery(url, 50);
  if (!parsed.ok) return badRequest(parsed.error);
  const { range, by, limit, key } = parsed.value;
  const [{ list }, totals] = await Promise.all([getTopList({ range: key, kind, by, limit }), getTotals(key)]);
  return json({
    range: isoRange(range, totals),
    by,
    total: list.total,
    totals,
    items: list.items.map((item) => apiItem(kind, item)),
  });
}

export async function respondWithOverview(url: URL): Promise<Response> {
  const parsed = await parseQuery(url, 5);
  if (!parsed.ok) return badRequest(parsed.error);
  const { range, by, limit, key } = parsed.value;
  const overview = await getOverview({ range: key, by, topLimit: limit });
  return json({
    range: isoRange(range, overview.totals),
    by,
    totals: overview.totals,
    granularity: range.granularity,
    series: buildSeries(overview.days, range.fromDay, range.toDay, range.granularity),
    clock: overview.clock,
    top: Object.fromEntries(TOP_KINDS.map((kind) => [kind, overview.top[kind].items.map((item) => apiItem(kind, item))])),
    recent: overview.recent,
  });
}

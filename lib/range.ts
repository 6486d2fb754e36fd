import { monthSplitOf, type MonthSplit } from './month-split';
import type { Granularity, Metric } from './stats-kinds';
import { addDays, addMonths, daysBetween, isValidDay, toLocalParts } from './time';

// components/range/range-picker.tsx still imports Metric from here.
export type { Metric } from './stats-kinds';

export const RANGE_PRESETS = [
  { key: '4w', label: 'Last 4 weeks' },
  { key: '6m', label: 'Last 6 months' },
  { key: '1y', label: 'Last 12 months' },
  { key: 'all', label: 'All time' },
] as const;

export const DEFAULT_RANGE = '4w';
/** Lower bound of "all time": earlier than any Spotify play can be. */
export const ALL_TIME_START = '2000-01-01';

/** A period of whole local days, inclusive at both ends, in SITE_TIMEZONE. */
export type StatsRange = {
  key: string;
  label: string;
  fromDay: string;
  toDay: string;
  granularity: Granularity;
};

/**
 * The plain, serialisable part of a range that the cached reads are keyed on, with what they
 * need decided here: how its chart groups days, and which months the month rollups may answer.
 */
export type RangeKey = { fromDay: string; toDay: string; allTime: boolean; granularity: Granularity; months: MonthSplit | null };

/** `lastPlayDay`: the local day of the latest counted play (getLibrarySummary), null when none. */
export function toRangeKey(range: StatsRange, lastPlayDay: string | null): RangeKey {
  const { fromDay, toDay, granularity } = range;
  return { fromDay, toDay, allTime: range.key === 'all', granularity, months: monthSplitOf({ fromDay, toDay, lastPlayDay }) };
}

export type StatsQuery = { range: StatsRange; by: Metric };
export type QueryError = { param: string; message: string };
export type ParsedQuery<T> = { ok: true; value: T } | { ok: false; error: QueryError };

export type SearchParams = Record<string, string | string[] | undefined>;

export function firstParam(params: SearchParams, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

export function todayIn(timeZone: string, nowMs = Date.now()): string {
  return toLocalParts(nowMs, timeZone).day;
}

/** How a range's plays-over-time chart groups its days. */
export function granularityFor(fromDay: string, toDay: string): Granularity {
  const days = daysBetween(fromDay, toDay) + 1;
  if (days <= 92) return 'day';
  if (days <= 731) return 'week';
  return 'month';
}

function makeRange(key: string, label: string, fromDay: string, toDay: string): StatsRange {
  return { key, label, fromDay, toDay, granularity: granularityFor(fromDay, toDay) };
}

function presetRange(key: string, today: string): StatsRange | undefined {
  switch (key) {
    case '4w':
      return makeRange(key, 'Last 4 weeks', addDays(today, -27), today);
    case '6m':
      return makeRange(key, 'Last 6 months', addDays(addMonths(today, -6), 1), today);
    case '1y':
      return makeRange(key, 'Last 12 months', addDays(addMonths(today, -12), 1), today);
    case 'all':
      return { ...makeRange(key, 'All time', ALL_TIME_START, today), granularity: 'month' };
  }
  if (/^\d{4}$/.test(key)) {
    const year = Number(key);
    if (year >= 2000 && year <= 2100) return makeRange(key, key, `${key}-01-01`, `${key}-12-31`);
  }
  return undefined;
}

function customRange(from: string | undefined, to: string | undefined, today: string): ParsedQuery<StatsRange> {
  if (from !== undefined && !isValidDay(from)) {
    return { ok: false, error: { param: 'from', message: `"${from}" is not a date like 2025-03-31.` } };
  }
  if (to !== undefined && !isValidDay(to)) {
    return { ok: false, error: { param: 'to', message: `"${to}" is not a date like 2025-03-31.` } };
  }
  const fromDay = from ?? ALL_TIME_START;
  const toDay = to ?? today;
  if (fromDay > toDay) {
    return { ok: false, error: { param: 'from', message: `The start (${fromDay}) is after the end (${toDay}).` } };
  }
  return { ok: true, value: makeRange('custom', `${fromDay} – ${toDay}`, fromDay, toDay) };
}

/** Reads `range`, `from`, `to` and `by` from a query string; `today` is the local date. */
export function parseStatsQuery(params: SearchParams, today: string): ParsedQuery<StatsQuery> {
  const byParam = firstParam(params, 'by') ?? 'plays';
  if (byParam !== 'plays' && byParam !== 'minutes') {
    return { ok: false, error: { param: 'by', message: `"by" must be "plays" or "minutes", not "${byParam}".` } };
  }
  const from = firstParam(params, 'from') || undefined;
  const to = firstParam(params, 'to') || undefined;
  if (from !== undefined || to !== undefined) {
    const custom = customRange(from, to, today);
    return custom.ok ? { ok: true, value: { range: custom.value, by: byParam } } : custom;
  }
  const key = firstParam(params, 'range') || DEFAULT_RANGE;
  const range = presetRange(key, today);
  if (!range) {
    return {
      ok: false,
      error: { param: 'range', message: `"${key}" is not a range: use 4w, 6m, 1y, all, a year such as 2025, or from/to dates.` },
    };
  }
  return { ok: true, value: { range, by: byParam } };
}

/** The query string that reproduces a range and metric, for links between pages. */
export function rangeSearch(range: StatsRange, by: Metric, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (range.key === 'custom') {
    params.set('from', range.fromDay);
    params.set('to', range.toDay);
  } else if (range.key !== DEFAULT_RANGE) {
    params.set('range', range.key);
  }
  if (by !== 'plays') params.set('by', by);
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function parseLimit(raw: string | undefined, fallback: number, max: number): ParsedQuery<number> {
  if (raw === undefined || raw === '') return { ok: true, value: fallback };
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    return { ok: false, error: { param: 'limit', message: `"limit" must be a whole number from 1 to ${max}.` } };
  }
  return { ok: true, value };
}

/**
 * Which plays a stats statement reads: a range of local days, perhaps narrowed to one item, and
 * the whole months of it that the month rollups can answer instead of the plays.
 */
import type { MonthSplit } from '@/lib/month-split';
import type { Scope, ScopeKind } from '@/lib/stats-kinds';
import { join, param, sql, type Sql, type SqlPart } from './fragment';

export type StatsFilter = {
  fromDay: string;
  toDay: string;
  allTime: boolean;
  scope?: Scope;
  /**
   * Whole months of the range that the month rollups may answer, and the days around them:
   * lib/ decides (lib/range.ts toRangeKey). Without them, every day is read from the plays.
   */
  months?: MonthSplit | null;
};

/** The first and last day of the range, as :from and :to. */
export function rangeDays(filter: StatsFilter): { from: Sql; to: Sql } {
  return { from: param('from', filter.fromDay), to: param('to', filter.toDay) };
}

/** The tracks of a scope, as a subquery of ids. */
const SCOPE_TRACKS: Record<ScopeKind, (id: Sql) => Sql> = {
  track: (id) => sql`SELECT ${id}`,
  artist: (id) => sql`SELECT track_id FROM track_artists WHERE artist_id = ${id}`,
  album: (id) => sql`SELECT id FROM tracks WHERE album_id = ${id}`,
  genre: (id) => sql`SELECT track_id FROM track_genres WHERE genre_id = ${id}`,
};

/** The scope's id, as :scopeId. */
export function scopeId(scope: Scope): Sql {
  return param('scopeId', scope.id);
}

/** ` AND <column> IN (<the scope's tracks>)`, or nothing site-wide. */
export function scopeFilter(scope: Scope | undefined, column = 'p.track_id'): SqlPart {
  return scope ? sql` AND ${column} IN (${SCOPE_TRACKS[scope.kind](scopeId(scope))})` : '';
}

/** The range's counted plays `p` (its skips, with `skips`), within its scope. */
export function rangeFilter(filter: StatsFilter, { skips = false } = {}): Sql {
  const { from, to } = rangeDays(filter);
  return sql`p.counted = ${skips ? '0' : '1'} AND p.local_day BETWEEN ${from} AND ${to}${scopeFilter(filter.scope)}`;
}

/** Rows between two bounds (months or days). */
type RowsBetween = (from: Sql, to: Sql) => SqlPart;

/**
 * A UNION ALL over a split range: `months` over its whole months (:fromMonth..:toMonth), then
 * `days` for the days before them (:from..:headTo) and after them (:tailFrom..:to).
 */
export function monthsAndDays(filter: StatsFilter, split: MonthSplit, rows: { months: RowsBetween; days: RowsBetween }): Sql {
  const { from, to } = rangeDays(filter);
  const parts = [rows.months(param('fromMonth', split.fromMonth), param('toMonth', split.toMonth))];
  if (split.headTo) parts.push(rows.days(from, param('headTo', split.headTo)));
  if (split.tailFrom) parts.push(rows.days(param('tailFrom', split.tailFrom), to));
  return join(parts, ' UNION ALL ');
}

/** Whole months that a site-wide range reads from the month rollups (all time reads the all-time ones). */
export function siteMonths(filter: StatsFilter): MonthSplit | null {
  return filter.allTime || filter.scope ? null : (filter.months ?? null);
}

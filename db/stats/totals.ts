import type { InStatement, ResultSet } from '@libsql/client';
import { granularityFor } from '@/lib/range';
import type { DayCount } from './types';
import {
  filterArgs,
  kindTotals,
  monthsAndDays,
  monthSplitOf,
  rangeArgs,
  rangeFilter,
  scopeFilter,
  splitArgs,
  trackTotalsCte,
  type StatsFilter,
  type TopKind,
} from './fragments';

/**
 * Site-wide sums come from the daily rollup (drizzle/0009); the first and last day are each one
 * seek (min/max of a filtered aggregate would read every row).
 */
const DAY_SUMS = `SELECT coalesce(sum(plays), 0) AS plays, coalesce(sum(ms_played), 0) AS ms, coalesce(sum(skips), 0) AS skips,
    (SELECT min(local_day) FROM day_stats WHERE local_day BETWEEN :from AND :to AND plays > 0) AS first_day,
    (SELECT max(local_day) FROM day_stats WHERE local_day BETWEEN :from AND :to AND plays > 0) AS last_day
  FROM day_stats WHERE local_day BETWEEN :from AND :to`;

/** Within a scope, from `track_totals` (which then carries each track's first and last day). */
function scopeSums(filter: StatsFilter): string {
  if (!filter.allTime) {
    return `SELECT coalesce(sum(plays), 0) AS plays, coalesce(sum(ms), 0) AS ms,
      (SELECT count(*) FROM plays p WHERE ${rangeFilter(filter, 0)}) AS skips,
      min(first_day) AS first_day, max(last_day) AS last_day FROM track_totals`;
  }
  // All time, the scope's first and last plays are its tracks' (track_totals carries them): one
  // seek each for their day, instead of a pass over every track's plays.
  const dayAt = (instant: string) => `(SELECT p.local_day FROM plays p WHERE p.ended_at = ${instant} AND p.counted = 1 LIMIT 1)`;
  return `SELECT coalesce(sum(plays), 0) AS plays, coalesce(sum(ms), 0) AS ms,
    (SELECT coalesce(sum(skips), 0) FROM track_stats WHERE 1${scopeFilter(filter.scope, 'track_id')}) AS skips,
    ${dayAt('(SELECT min(first_at) FROM track_totals)')} AS first_day,
    ${dayAt('(SELECT max(last_at) FROM track_totals)')} AS last_day FROM track_totals`;
}

/** A CTE `sums` of one row: the range's plays, time, skips and first and last day. */
export function sumsCte(filter: StatsFilter): string {
  return `sums AS (${filter.scope ? scopeSums(filter) : DAY_SUMS})`;
}

/** Result columns read from `sums`. */
export const SUMS_COLUMNS = `sums.plays AS plays, sums.ms AS msPlayed, sums.skips AS skips,
  sums.first_day AS firstDay, sums.last_day AS lastDay`;

const DISTINCT_COUNTS: Record<'artists' | 'albums', string> = {
  artists: 'SELECT count(DISTINCT ta.artist_id) FROM track_totals t CROSS JOIN track_artists ta ON ta.track_id = t.track_id',
  albums: 'SELECT count(DISTINCT tr.album_id) FROM track_totals t CROSS JOIN tracks tr ON tr.id = t.track_id',
};

/**
 * Distinct tracks, artists, albums and genres of a site-wide range. A kind already ranked in the
 * same statement (`ranked_<kind>_all`) is counted from those rows instead of grouped again.
 */
export function countColumns(filter: StatsFilter, ranked: readonly TopKind[] = []): string {
  const count = (kind: Exclude<TopKind, 'tracks'>) => {
    if (filter.allTime) return `SELECT count(*) FROM ${kind.slice(0, -1)}_stats WHERE plays > 0`;
    if (ranked.includes(kind)) return `SELECT count(*) FROM ranked_${kind}_all`;
    return kind === 'genres' ? `SELECT count(*) FROM (${kindTotals('genres', filter)})` : DISTINCT_COUNTS[kind];
  };
  // All time, track_totals is the whole track rollup: counting it would first copy every row.
  const tracks = filter.allTime ? 'SELECT count(*) FROM track_stats WHERE plays > 0' : 'SELECT count(*) FROM track_totals';
  return `(${tracks}) AS tracks, (${count('artists')}) AS artists,
    (${count('albums')}) AS albums, (${count('genres')}) AS genres`;
}

/** Plays, time, skips, first and last day and, site-wide, distinct counts of a range. */
export function totalsStatement(filter: StatsFilter, counts: boolean): InStatement {
  const columns = counts && !filter.scope ? `${SUMS_COLUMNS}, ${countColumns(filter)}` : SUMS_COLUMNS;
  return { sql: `WITH ${trackTotalsCte(filter)}, ${sumsCte(filter)} SELECT ${columns} FROM sums`, args: filterArgs(filter) };
}

/**
 * Plays per local day; site-wide from the daily rollup. Answered as one JSON row: ten years
 * are 3 650 rows, which cost more to hand over one by one than to count.
 */
export function daysStatement(filter: StatsFilter): InStatement {
  const genreMonths = filter.scope?.kind === 'genre' ? monthlyGenreDays(filter) : null;
  if (genreMonths) return genreMonths;
  const days = filter.scope
    ? `SELECT p.local_day AS day, count(*) AS plays, sum(p.ms_played) AS ms
        FROM plays p WHERE ${rangeFilter(filter)} GROUP BY p.local_day`
    : `SELECT local_day AS day, plays, ms_played AS ms FROM day_stats WHERE local_day BETWEEN :from AND :to AND plays > 0`;
  return { sql: `SELECT json_group_array(json_array(day, plays, ms) ORDER BY day) AS days FROM (${days})`, args: rangeArgs(filter) };
}

/**
 * A genre charted by month (long ranges) needs no more than its months: whole ones come from
 * genre_months, dated the 1st, and only the days around them from its plays. A popular genre
 * has thousands of plays a year; its months are a few hundred rows at most.
 */
function monthlyGenreDays(filter: StatsFilter): InStatement | null {
  const monthly = filter.allTime || granularityFor(filter.fromDay, filter.toDay) === 'month';
  const split = monthly ? monthSplitOf(filter) : null;
  if (!split) return null;
  const rows = monthsAndDays(
    split,
    `SELECT month || '-01' AS day, plays, ms_played AS ms FROM genre_months
      WHERE genre_id = :scopeId AND month BETWEEN :fromMonth AND :toMonth AND plays > 0`,
    (from, to) => `SELECT p.local_day, count(*), sum(p.ms_played)
      FROM plays p CROSS JOIN track_genres tg ON tg.track_id = p.track_id AND tg.genre_id = :scopeId
      WHERE p.counted = 1 AND p.local_day BETWEEN ${from} AND ${to} GROUP BY p.local_day`,
  );
  return {
    sql: `SELECT json_group_array(json_array(day, plays, ms) ORDER BY day) AS days FROM (${rows})`,
    args: { ...rangeArgs(filter), ...splitArgs(split) },
  };
}

export function toDays(result: ResultSet): DayCount[] {
  const rows = JSON.parse(String(result.rows[0]?.[0] ?? '[]')) as [string, number, number][];
  return rows.map(([day, plays, msPlayed]) => ({ day, plays, msPlayed }));
}

/**
 * Plays per weekday and hour (the listening clock), site-wide. All time is the clock rollup
 * itself; a period reads its whole months from the monthly clock and only the days before and
 * after them from the hourly rollup.
 */
export function clockStatement(filter: StatsFilter): InStatement {
  if (filter.allTime) {
    return { sql: 'SELECT local_weekday AS weekday, local_hour AS hour, plays, ms_played AS msPlayed FROM clock_stats', args: {} };
  }
  const split = monthSplitOf(filter);
  const days = (from: string, to: string) =>
    `SELECT local_weekday, local_hour, plays, ms_played FROM day_hour_stats WHERE local_day BETWEEN ${from} AND ${to}`;
  const rows = split
    ? monthsAndDays(
        split,
        `SELECT local_weekday, local_hour, plays, ms_played FROM clock_months WHERE month BETWEEN :fromMonth AND :toMonth`,
        days,
      )
    : days(':from', ':to');
  return {
    sql: `SELECT local_weekday AS weekday, local_hour AS hour, sum(plays) AS plays, sum(ms_played) AS msPlayed
      FROM (${rows}) GROUP BY local_weekday, local_hour`,
    args: { ...rangeArgs(filter), ...(split ? splitArgs(split) : {}) },
  };
}

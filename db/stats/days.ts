import type { ResultSet } from '@libsql/client';
import type { MonthSplit } from '@/lib/month-split';
import type { Granularity } from '@/lib/stats-kinds';
import { sql, type Sql, type SqlPart } from './fragment';
import { monthsAndDays, rangeDays, rangeFilter, scopeId, type StatsFilter } from './filters';
import type { DayCount } from './types';

/** `granularity`: how the range's chart groups days (lib/ decides); by month, a genre is read in months. */
export type DaysArgs = StatsFilter & { granularity?: Granularity };

const asJsonRow = (rows: SqlPart) => sql`SELECT json_group_array(json_array(day, plays, ms) ORDER BY day) AS days FROM (${rows})`;

/**
 * Plays per local day; site-wide from the daily rollup. Answered as one JSON row: ten years
 * are 3 650 rows, which cost more to hand over one by one than to count.
 */
export function daysStatement(args: DaysArgs): Sql {
  const { scope, months } = args;
  if (scope?.kind === 'genre' && args.granularity === 'month' && months) return monthlyGenreDays(args, scopeId(scope), months);
  const { from, to } = rangeDays(args);
  return asJsonRow(
    scope
      ? sql`SELECT p.local_day AS day, count(*) AS plays, sum(p.ms_played) AS ms
        FROM plays p WHERE ${rangeFilter(args)} GROUP BY p.local_day`
      : sql`SELECT local_day AS day, plays, ms_played AS ms FROM day_stats WHERE local_day BETWEEN ${from} AND ${to} AND plays > 0`,
  );
}

/**
 * A genre charted by month (long ranges) needs no more than its months: whole ones come from
 * genre_months, dated the 1st, and only the days around them from its plays. A popular genre
 * has thousands of plays a year; its months are a few hundred rows at most.
 */
function monthlyGenreDays(filter: StatsFilter, genre: Sql, split: MonthSplit): Sql {
  return asJsonRow(
    monthsAndDays(filter, split, {
      months: (from, to) => sql`SELECT month || '-01' AS day, plays, ms_played AS ms FROM genre_months
      WHERE genre_id = ${genre} AND month BETWEEN ${from} AND ${to} AND plays > 0`,
      days: (from, to) => sql`SELECT p.local_day, count(*), sum(p.ms_played)
      FROM plays p CROSS JOIN track_genres tg ON tg.track_id = p.track_id AND tg.genre_id = ${genre}
      WHERE p.counted = 1 AND p.local_day BETWEEN ${from} AND ${to} GROUP BY p.local_day`,
    }),
  );
}

export function toDays(result: ResultSet): DayCount[] {
  const rows = JSON.parse(String(result.rows[0]?.[0] ?? '[]')) as [string, number, number][];
  return rows.map(([day, plays, msPlayed]) => ({ day, plays, msPlayed }));
}

import { sql, type Sql } from './fragment';
import { monthsAndDays, rangeDays, type StatsFilter } from './filters';

/**
 * Plays per weekday and hour (the listening clock), site-wide. All time is the clock rollup
 * itself; a period reads its whole months from the monthly clock and only the days before and
 * after them from the hourly rollup.
 */
export function clockStatement(filter: StatsFilter): Sql {
  if (filter.allTime) {
    return sql`SELECT local_weekday AS weekday, local_hour AS hour, plays, ms_played AS msPlayed FROM clock_stats`;
  }
  const days = (from: Sql, to: Sql) =>
    sql`SELECT local_weekday, local_hour, plays, ms_played FROM day_hour_stats WHERE local_day BETWEEN ${from} AND ${to}`;
  const { from, to } = rangeDays(filter);
  const rows = filter.months
    ? monthsAndDays(filter, filter.months, {
        months: (fromMonth, toMonth) =>
          sql`SELECT local_weekday, local_hour, plays, ms_played FROM clock_months WHERE month BETWEEN ${fromMonth} AND ${toMonth}`,
        days,
      })
    : days(from, to);
  return sql`SELECT local_weekday AS weekday, local_hour AS hour, sum(plays) AS plays, sum(ms_played) AS msPlayed
      FROM (${rows}) GROUP BY local_weekday, local_hour`;
}

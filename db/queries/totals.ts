import type { InStatement } from '@libsql/client';
import { filterArgs, rangeFilter, trackTotalsCte, type StatsFilter } from './stats-sql';

const DISTINCT_COUNTS = {
  artists: 'SELECT count(DISTINCT ta.artist_id) FROM track_totals t CROSS JOIN track_artists ta ON ta.track_id = t.track_id',
  albums: 'SELECT count(DISTINCT tr.album_id) FROM track_totals t CROSS JOIN tracks tr ON tr.id = t.track_id',
  genres: `SELECT count(DISTINCT ag.genre_id) FROM track_totals t CROSS JOIN track_artists ta ON ta.track_id = t.track_id
    CROSS JOIN artist_genres ag ON ag.artist_id = ta.artist_id`,
};

function distinctCount(kind: keyof typeof DISTINCT_COUNTS, filter: StatsFilter): string {
  return filter.allTime && !filter.scope ? `SELECT count(*) FROM ${kind.slice(0, -1)}_stats WHERE plays > 0` : DISTINCT_COUNTS[kind];
}

/** Site-wide sums come from one pass over the hourly rollup, named `day_sums`. */
const DAY_SUMS = `(SELECT coalesce(sum(plays), 0) AS plays, coalesce(sum(ms_played), 0) AS ms, coalesce(sum(skips), 0) AS skips,
    min(CASE WHEN plays > 0 THEN local_day END) AS firstDay, max(CASE WHEN plays > 0 THEN local_day END) AS lastDay
  FROM day_hour_stats WHERE local_day BETWEEN :from AND :to) AS day_sums`;

/** The FROM clause that totalsColumns() expects after it. */
export function totalsFrom(filter: StatsFilter): string {
  return filter.scope ? '' : ` FROM ${DAY_SUMS}`;
}

/** Sums over the range: from the hourly rollup site-wide, from the plays within a scope. */
function sums(filter: StatsFilter): string {
  if (!filter.scope) {
    return `day_sums.plays AS plays, day_sums.ms AS msPlayed, day_sums.skips AS skips,
      day_sums.firstDay AS firstDay, day_sums.lastDay AS lastDay`;
  }
  return `(SELECT coalesce(sum(plays), 0) FROM track_totals) AS plays,
    (SELECT coalesce(sum(ms), 0) FROM track_totals) AS msPlayed,
    (SELECT count(*) FROM plays p WHERE ${rangeFilter(filter, 0)}) AS skips,
    (SELECT min(p.local_day) FROM plays p WHERE ${rangeFilter(filter)}) AS firstDay,
    (SELECT max(p.local_day) FROM plays p WHERE ${rangeFilter(filter)}) AS lastDay`;
}

/** Result columns of the range's totals; expects `track_totals` in scope and totalsFrom() after. */
export function totalsColumns(filter: StatsFilter): string {
  return `${sums(filter)},
    (SELECT count(*) FROM track_totals) AS tracks,
    (${distinctCount('artists', filter)}) AS artists,
    (${distinctCount('albums', filter)}) AS albums,
    (${distinctCount('genres', filter)}) AS genres`;
}

/** Plays, time, skips, distinct tracks/artists/albums/genres and first/last day of a range. */
export function totalsStatement(filter: StatsFilter): InStatement {
  return { sql: `WITH ${trackTotalsCte(filter)} SELECT ${totalsColumns(filter)}${totalsFrom(filter)}`, args: filterArgs(filter) };
}

/** Plays per local day; site-wide from the hourly rollup. */
export function daysStatement(filter: StatsFilter): InStatement {
  const sql = filter.scope
    ? `SELECT p.local_day AS day, count(*) AS plays, sum(p.ms_played) AS msPlayed
        FROM plays p WHERE ${rangeFilter(filter)} GROUP BY p.local_day ORDER BY p.local_day`
    : `SELECT local_day AS day, sum(plays) AS plays, sum(ms_played) AS msPlayed FROM day_hour_stats
        WHERE local_day BETWEEN :from AND :to GROUP BY local_day HAVING sum(plays) > 0 ORDER BY local_day`;
  return { sql, args: filterArgs(filter) };
}

/** Plays per weekday and hour (the listening clock), site-wide. */
export function clockStatement(filter: StatsFilter): InStatement {
  return {
    sql: `SELECT local_weekday AS weekday, local_hour AS hour, sum(plays) AS plays, sum(ms_played) AS msPlayed
      FROM day_hour_stats WHERE local_day BETWEEN :from AND :to GROUP BY local_weekday, local_hour`,
    args: filterArgs(filter),
  };
}

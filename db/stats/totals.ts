import type { TopKind } from '@/lib/stats-kinds';
import { sql, type Sql } from './fragment';
import { rangeDays, rangeFilter, scopeFilter, type StatsFilter } from './filters';
import { kindTotals, ROLLUPS, trackTotalsCte } from './item-totals';

/**
 * Site-wide sums come from the daily rollup (drizzle/0009); the first and last day are each one
 * seek (min/max of a filtered aggregate would read every row).
 */
function daySums(filter: StatsFilter): Sql {
  const { from, to } = rangeDays(filter);
  return sql`SELECT coalesce(sum(plays), 0) AS plays, coalesce(sum(ms_played), 0) AS ms, coalesce(sum(skips), 0) AS skips,
    (SELECT min(local_day) FROM day_stats WHERE local_day BETWEEN ${from} AND ${to} AND plays > 0) AS first_day,
    (SELECT max(local_day) FROM day_stats WHERE local_day BETWEEN ${from} AND ${to} AND plays > 0) AS last_day
  FROM day_stats WHERE local_day BETWEEN ${from} AND ${to}`;
}

/** Within a scope, from `track_totals` (which then carries each track's first and last day). */
function scopeSums(filter: StatsFilter): Sql {
  if (!filter.allTime) {
    return sql`SELECT coalesce(sum(plays), 0) AS plays, coalesce(sum(ms), 0) AS ms,
      (SELECT count(*) FROM plays p WHERE ${rangeFilter(filter, { skips: true })}) AS skips,
      min(first_day) AS first_day, max(last_day) AS last_day FROM track_totals`;
  }
  // All time, the scope's first and last plays are its tracks' (track_totals carries them): one
  // seek each for their day, instead of a pass over every track's plays.
  const dayAt = (instant: string) => `(SELECT p.local_day FROM plays p WHERE p.ended_at = ${instant} AND p.counted = 1 LIMIT 1)`;
  return sql`SELECT coalesce(sum(plays), 0) AS plays, coalesce(sum(ms), 0) AS ms,
    (SELECT coalesce(sum(skips), 0) FROM track_stats WHERE 1${scopeFilter(filter.scope, 'track_id')}) AS skips,
    ${dayAt('(SELECT min(first_at) FROM track_totals)')} AS first_day,
    ${dayAt('(SELECT max(last_at) FROM track_totals)')} AS last_day FROM track_totals`;
}

/** A CTE `sums` of one row: the range's plays, time, skips and first and last day. */
export function sumsCte(filter: StatsFilter): Sql {
  return sql`sums AS (${filter.scope ? scopeSums(filter) : daySums(filter)})`;
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
export function countColumns(filter: StatsFilter, ranked: readonly TopKind[] = []): Sql {
  const count = (kind: Exclude<TopKind, 'tracks'>) => {
    if (filter.allTime) return `SELECT count(*) FROM ${ROLLUPS[kind].table} WHERE plays > 0`;
    if (ranked.includes(kind)) return `SELECT count(*) FROM ranked_${kind}_all`;
    return kind === 'genres' ? sql`SELECT count(*) FROM (${kindTotals('genres', filter)})` : DISTINCT_COUNTS[kind];
  };
  // All time, track_totals is the whole track rollup: counting it would first copy every row.
  const tracks = filter.allTime ? 'SELECT count(*) FROM track_stats WHERE plays > 0' : 'SELECT count(*) FROM track_totals';
  return sql`(${tracks}) AS tracks, (${count('artists')}) AS artists,
    (${count('albums')}) AS albums, (${count('genres')}) AS genres`;
}

/** Plays, time, skips, first and last day and, site-wide with `counts`, distinct counts of a range. */
export function totalsStatement({ filter, counts }: { filter: StatsFilter; counts: boolean }): Sql {
  const columns = counts && !filter.scope ? sql`${SUMS_COLUMNS}, ${countColumns(filter)}` : SUMS_COLUMNS;
  return sql`WITH ${trackTotalsCte(filter)}, ${sumsCte(filter)} SELECT ${columns} FROM sums`;
}

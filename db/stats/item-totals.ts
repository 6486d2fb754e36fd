/**
 * Per-item totals of a range. Every list is built from one per-track aggregate of the range
 * (`track_totals`): artists, albums and genres are sums over it. "All time" reads the rollup
 * tables instead of the plays, so it costs the same on ten years as on ten days; whole months
 * read track_months.
 */
import type { MonthSplit } from '@/lib/month-split';
import type { TopKind } from '@/lib/stats-kinds';
import { sql, type Sql, type SqlPart } from './fragment';
import { monthsAndDays, rangeFilter, scopeFilter, scopeId, siteMonths, type StatsFilter } from './filters';

/** Each kind's all-time rollup (drizzle/0009), and its id column. */
export const ROLLUPS: Record<TopKind, { table: string; id: string }> = {
  tracks: { table: 'track_stats', id: 'track_id' },
  artists: { table: 'artist_stats', id: 'id' },
  albums: { table: 'album_stats', id: 'id' },
  genres: { table: 'genre_stats', id: 'id' },
};

type MonthlySource = { key: string; months: string; days: string };

const MONTHLY_SOURCES = {
  tracks: { key: 'track_id', months: 'track_months', days: 'plays p' },
  genres: { key: 'genre_id', months: 'genre_months', days: 'plays p CROSS JOIN track_genres tg ON tg.track_id = p.track_id' },
} satisfies Record<string, MonthlySource>;

/**
 * (key, plays, ms) summed over a site-wide range: whole months from a month rollup, only the
 * days before and after them from the plays. A year reads about half the rows it would
 * otherwise (far fewer on real listening), and each is cheaper to group.
 */
function monthlyTotals({ key, months: table, days: source }: MonthlySource, filter: StatsFilter, split: MonthSplit): Sql {
  const rows = monthsAndDays(filter, split, {
    months: (from, to) => sql`SELECT ${key}, plays, ms_played AS ms FROM ${table} WHERE month BETWEEN ${from} AND ${to}`,
    days: (from, to) => sql`SELECT ${key}, 1, p.ms_played FROM ${source} WHERE p.counted = 1 AND p.local_day BETWEEN ${from} AND ${to}`,
  });
  return sql`SELECT ${key}, sum(plays) AS plays, sum(ms) AS ms FROM (${rows}) GROUP BY ${key} HAVING sum(plays) > 0`;
}

/** A CTE `track_totals` of (track_id, plays, ms) over the range. */
export function trackTotalsCte(filter: StatsFilter): Sql {
  if (filter.allTime) {
    const instants = filter.scope ? ', first_ended_at AS first_at, last_ended_at AS last_at' : '';
    return sql`track_totals AS MATERIALIZED (SELECT track_id, plays, ms_played AS ms${instants} FROM track_stats
      WHERE plays > 0${scopeFilter(filter.scope, 'track_id')})`;
  }
  const months = siteMonths(filter);
  if (months) return sql`track_totals AS MATERIALIZED (${monthlyTotals(MONTHLY_SOURCES.tracks, filter, months)})`;
  // A scope's first and last day come from its tracks' (site-wide ones from the hourly rollup).
  const days = filter.scope ? ', min(p.local_day) AS first_day, max(p.local_day) AS last_day' : '';
  return sql`track_totals AS MATERIALIZED (SELECT p.track_id, count(*) AS plays, sum(p.ms_played) AS ms${days}
    FROM plays p WHERE ${rangeFilter(filter)} GROUP BY p.track_id)`;
}

/** Artists' sums over `track_totals`; within a genre, only the artists of that genre. */
function artistTotals(genre: Sql | null): Sql {
  // A join, not `IN (…)`: with IN, SQLite indexes all of track_artists for this one query.
  const ofGenre = genre ? sql` CROSS JOIN artist_genres ag ON ag.artist_id = ta.artist_id AND ag.genre_id = ${genre}` : '';
  return sql`SELECT ta.artist_id AS id, sum(t.plays) AS plays, sum(t.ms) AS ms
    FROM track_totals t CROSS JOIN track_artists ta ON ta.track_id = t.track_id${ofGenre} GROUP BY ta.artist_id`;
}

const KIND_TOTALS: Record<Exclude<TopKind, 'artists'>, string> = {
  tracks: `SELECT track_id AS id, plays, ms FROM track_totals`,
  albums: `SELECT tr.album_id AS id, sum(t.plays) AS plays, sum(t.ms) AS ms
    FROM track_totals t CROSS JOIN tracks tr ON tr.id = t.track_id WHERE tr.album_id IS NOT NULL GROUP BY tr.album_id`,
  // track_genres is distinct per track: a play counts once per genre however many of its artists share it.
  genres: `SELECT tg.genre_id AS id, sum(t.plays) AS plays, sum(t.ms) AS ms
    FROM track_totals t CROSS JOIN track_genres tg ON tg.track_id = t.track_id GROUP BY tg.genre_id`,
};

/** Rows of (id, plays, ms) per item of a kind in the range, mostly summed over `track_totals`. */
export function kindTotals(kind: TopKind, filter: StatsFilter): SqlPart {
  const months = siteMonths(filter);
  if (kind === 'genres' && months)
    return sql`SELECT genre_id AS id, plays, ms FROM (${monthlyTotals(MONTHLY_SOURCES.genres, filter, months)})`;
  // Within a genre, its top artists are the artists of that genre, not their guests.
  if (kind === 'artists') return artistTotals(filter.scope?.kind === 'genre' ? scopeId(filter.scope) : null);
  return KIND_TOTALS[kind];
}

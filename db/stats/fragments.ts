/**
 * SQL of the stats queries. Every list is built from one per-track aggregate of the range
 * (`track_totals`): artists, albums and genres are sums over it. "All time" reads the rollup
 * tables instead of the plays, so it costs the same on ten years as on ten days; whole months
 * read track_months.
 */
import { monthEnd, splitMonths, type MonthSplit } from './month-split';

export type TopKind = 'tracks' | 'artists' | 'albums' | 'genres';
export const TOP_KINDS: readonly TopKind[] = ['tracks', 'artists', 'albums', 'genres'];

/** Narrows a stats query to one artist, album, genre or track (binds :scopeId). */
export type Scope = { kind: 'track' | 'artist' | 'album' | 'genre'; id: number };

export type StatsFilter = {
  fromDay: string;
  toDay: string;
  allTime: boolean;
  scope?: Scope;
  /** No counted play falls after toDay (the range runs to the latest play): its last month can be read whole. */
  lastPlayIn?: boolean;
};

const SCOPE_TRACKS: Record<Scope['kind'], string> = {
  track: 'SELECT :scopeId',
  artist: 'SELECT track_id FROM track_artists WHERE artist_id = :scopeId',
  album: 'SELECT id FROM tracks WHERE album_id = :scopeId',
  genre: 'SELECT track_id FROM track_genres WHERE genre_id = :scopeId',
};

/** StatsFilter.lastPlayIn for a range ending `toDay`, from the day of the latest counted play (null when none). */
export function lastPlayIn(toDay: string, lastPlayDay: string | null): boolean {
  return lastPlayDay !== null && lastPlayDay <= toDay;
}

/** The range (and scope) parameters every stats statement binds. */
export function rangeArgs(filter: StatsFilter): Record<string, string | number> {
  return { from: filter.fromDay, to: filter.toDay, ...(filter.scope ? { scopeId: filter.scope.id } : {}) };
}

/**
 * Whole months of a range, and the days before and after them. When no counted play falls after
 * the range (it runs to today), the rest of its last month holds none either, so that month
 * counts as whole: "last 4 weeks" reads this month from the month rollups and only the days of
 * the last one from the plays.
 */
export function monthSplitOf(filter: StatsFilter): MonthSplit | null {
  return splitMonths(filter.fromDay, filter.lastPlayIn ? monthEnd(filter.toDay) : filter.toDay);
}

/** Whole months that a site-wide range's `track_totals` reads from track_months. */
function monthsOf(filter: StatsFilter): MonthSplit | null {
  return filter.allTime || filter.scope ? null : monthSplitOf(filter);
}

/** A UNION ALL over a split range: `months` over :fromMonth..:toMonth, then `days` for the days before and after them. */
export function monthsAndDays(split: MonthSplit, months: string, days: (from: string, to: string) => string): string {
  const parts = [months];
  if (split.headTo) parts.push(days(':from', ':headTo'));
  if (split.tailFrom) parts.push(days(':tailFrom', ':to'));
  return parts.join(' UNION ALL ');
}

/** What monthsAndDays() binds besides rangeArgs(). */
export function splitArgs(split: MonthSplit): Record<string, string> {
  const { headTo, tailFrom, ...bounds } = split;
  return { ...bounds, ...(headTo ? { headTo } : {}), ...(tailFrom ? { tailFrom } : {}) };
}

/** rangeArgs() plus what trackTotalsCte() binds. */
export function filterArgs(filter: StatsFilter): Record<string, string | number> {
  const months = monthsOf(filter);
  return months ? { ...rangeArgs(filter), ...splitArgs(months) } : rangeArgs(filter);
}

export function scopeFilter(scope: Scope | undefined, column = 'p.track_id'): string {
  return scope ? ` AND ${column} IN (${SCOPE_TRACKS[scope.kind]})` : '';
}

export function rangeFilter(filter: StatsFilter, counted = 1): string {
  return `p.counted = ${counted} AND p.local_day BETWEEN :from AND :to${scopeFilter(filter.scope)}`;
}

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
function monthlyTotals({ key, months: table, days: source }: MonthlySource, split: MonthSplit): string {
  const rows = monthsAndDays(
    split,
    `SELECT ${key}, plays, ms_played AS ms FROM ${table} WHERE month BETWEEN :fromMonth AND :toMonth`,
    (from, to) => `SELECT ${key}, 1, p.ms_played FROM ${source} WHERE p.counted = 1 AND p.local_day BETWEEN ${from} AND ${to}`,
  );
  return `SELECT ${key}, sum(plays) AS plays, sum(ms) AS ms FROM (${rows}) GROUP BY ${key} HAVING sum(plays) > 0`;
}

/** A CTE `track_totals` of (track_id, plays, ms) over the range; binds filterArgs(). */
export function trackTotalsCte(filter: StatsFilter): string {
  if (filter.allTime) {
    const instants = filter.scope ? ', first_ended_at AS first_at, last_ended_at AS last_at' : '';
    return `track_totals AS MATERIALIZED (SELECT track_id, plays, ms_played AS ms${instants} FROM track_stats
      WHERE plays > 0${scopeFilter(filter.scope, 'track_id')})`;
  }
  const months = monthsOf(filter);
  if (months) return `track_totals AS MATERIALIZED (${monthlyTotals(MONTHLY_SOURCES.tracks, months)})`;
  // A scope's first and last day come from its tracks' (site-wide ones from the hourly rollup).
  const days = filter.scope ? ', min(p.local_day) AS first_day, max(p.local_day) AS last_day' : '';
  return `track_totals AS MATERIALIZED (SELECT p.track_id, count(*) AS plays, sum(p.ms_played) AS ms${days}
    FROM plays p WHERE ${rangeFilter(filter)} GROUP BY p.track_id)`;
}

const KIND_TOTALS: Record<TopKind, string> = {
  tracks: `SELECT track_id AS id, plays, ms FROM track_totals`,
  artists: `SELECT ta.artist_id AS id, sum(t.plays) AS plays, sum(t.ms) AS ms
    FROM track_totals t CROSS JOIN track_artists ta ON ta.track_id = t.track_id GROUP BY ta.artist_id`,
  albums: `SELECT tr.album_id AS id, sum(t.plays) AS plays, sum(t.ms) AS ms
    FROM track_totals t CROSS JOIN tracks tr ON tr.id = t.track_id WHERE tr.album_id IS NOT NULL GROUP BY tr.album_id`,
  // track_genres is distinct per track: a play counts once per genre however many of its artists share it.
  genres: `SELECT tg.genre_id AS id, sum(t.plays) AS plays, sum(t.ms) AS ms
    FROM track_totals t CROSS JOIN track_genres tg ON tg.track_id = t.track_id GROUP BY tg.genre_id`,
};

/** Rows of (id, plays, ms) per item of a kind in the range, mostly summed over `track_totals`. */
export function kindTotals(kind: TopKind, filter: StatsFilter): string {
  const months = monthsOf(filter);
  if (kind === 'genres' && months) return `SELECT genre_id AS id, plays, ms FROM (${monthlyTotals(MONTHLY_SOURCES.genres, months)})`;
  // Within a genre, its top artists are the artists of that genre, not their guests.
  if (kind === 'artists' && filter.scope?.kind === 'genre') {
    // A join, not `IN (…)`: with IN, SQLite indexes all of track_artists for this one query.
    return KIND_TOTALS.artists.replace(
      'GROUP BY ta.artist_id',
      'CROSS JOIN artist_genres ag ON ag.artist_id = ta.artist_id AND ag.genre_id = :scopeId GROUP BY ta.artist_id',
    );
  }
  return KIND_TOTALS[kind];
}

type RankColumns = { plays: string; ms: string; name: string; id: string };

/** Ranking of every top list: plays (or time), then the other, then name, then id for ties. */
export function orderBy(by: 'plays' | 'minutes', columns: RankColumns): string {
  const [first, second] = by === 'plays' ? [columns.plays, columns.ms] : [columns.ms, columns.plays];
  return `${first} DESC, ${second} DESC, ${columns.name} COLLATE NOCASE ASC, ${columns.id} ASC`;
}

const RANKED_COLUMNS: RankColumns = { plays: 'r.plays', ms: 'r.ms', name: 'r.name', id: 'r.id' };

export const ARTISTS_JSON = (trackId: string) => `(SELECT json_group_array(json_object('id', a.id, 'name', a.name) ORDER BY ta.position)
  FROM track_artists ta JOIN artists a ON a.id = ta.artist_id WHERE ta.track_id = ${trackId})`;

type KindDetails = { table: string; columns: [alias: string, expression: string][]; joins: string };

/** Display columns of each kind, joined onto ranked (id, plays, ms, name, total) rows `r`. */
const KIND_DETAILS: Record<TopKind, KindDetails> = {
  tracks: {
    table: 'tracks',
    columns: [
      ['imageUrl', 'al.image_url'],
      ['albumId', 'al.id'],
      ['albumName', 'al.name'],
      ['artists', ARTISTS_JSON('r.id')],
    ],
    joins: 'CROSS JOIN tracks e ON e.id = r.id LEFT JOIN albums al ON al.id = e.album_id',
  },
  artists: { table: 'artists', columns: [['imageUrl', 'e.image_url']], joins: 'CROSS JOIN artists e ON e.id = r.id' },
  albums: {
    table: 'albums',
    columns: [
      ['imageUrl', 'e.image_url'],
      ['artists', `(SELECT json_array(json_object('id', a.id, 'name', a.name)) FROM artists a WHERE a.id = e.artist_id)`],
    ],
    joins: 'CROSS JOIN albums e ON e.id = r.id',
  },
  genres: { table: 'genres', columns: [['slug', 'e.slug']], joins: 'CROSS JOIN genres e ON e.id = r.id' },
};

/** The page of ranked rows `cte` as result rows, with each kind's display columns. */
function rankedRowsSql(kind: TopKind, by: 'plays' | 'minutes', cte: string): string {
  const { columns, joins } = KIND_DETAILS[kind];
  const extra = columns.map(([alias, expression]) => `${expression} AS ${alias}`).join(', ');
  return `SELECT r.id, r.name, r.plays, r.ms AS msPlayed, r.total, ${extra}
  FROM ${cte} r ${joins} ORDER BY ${orderBy(by, RANKED_COLUMNS)}`;
}

/** The same page as one JSON array, so several lists can share one statement. */
export function rankedJsonSql(kind: TopKind, by: 'plays' | 'minutes', cte: string): string {
  const { columns, joins } = KIND_DETAILS[kind];
  const extra = columns.map(([alias, expression]) => `'${alias}', ${alias === 'artists' ? `json(${expression})` : expression}`).join(', ');
  return `(SELECT json_group_array(json_object('id', r.id, 'name', r.name, 'plays', r.plays, 'msPlayed', r.ms,
    'total', r.total, ${extra}) ORDER BY ${orderBy(by, RANKED_COLUMNS)}) FROM ${cte} r ${joins})`;
}

/**
 * Rows ranking at or above the cut (a, b) of a page's last row, or every row when the period has
 * fewer rows than the page. Scalar bounds, not a row value: the first one can seek a rank index
 * instead of testing every row.
 */
function atOrAboveCut(first: string, second: string, cut: string): string {
  return `${first} >= coalesce((SELECT a FROM ${cut}), -1)
      AND (${first} > coalesce((SELECT a FROM ${cut}), -1) OR ${second} >= (SELECT b FROM ${cut}))`;
}

/** Where a ranked list's (id, plays, ms) rows come from: tracks are `track_totals` itself. */
function rankedSource(kind: TopKind, filter: StatsFilter, cte: string) {
  if (kind === 'tracks') return { head: '', rows: 'track_totals', id: 'track_id' };
  return { head: `${cte}_all AS MATERIALIZED (${kindTotals(kind, filter)}),\n  `, rows: `${cte}_all`, id: 'id' };
}

/** A CTE `cte` of one ranked page over `track_totals`; binds :limit and :offset. */
export function rankedCte(kind: TopKind, by: 'plays' | 'minutes', filter: StatsFilter, cte: string): string {
  const [first, second] = by === 'plays' ? ['plays', 'ms'] : ['ms', 'plays'];
  const { head, rows, id } = rankedSource(kind, filter, cte);
  // Names are needed only to order ties: find the (plays, time) of the page's last row without
  // them, then join names for the rows at or above it — not for every item of the period.
  return `${head}${cte}_cut AS (SELECT ${first} AS a, ${second} AS b FROM ${rows}
    ORDER BY ${first} DESC, ${second} DESC LIMIT 1 OFFSET :limit + :offset - 1),
  ${cte} AS (
    SELECT k.${id} AS id, k.plays, k.ms, e.name, (SELECT count(*) FROM ${rows}) AS total
    FROM ${rows} k CROSS JOIN ${KIND_DETAILS[kind].table} e ON e.id = k.${id}
    WHERE ${atOrAboveCut(`k.${first}`, `k.${second}`, `${cte}_cut`)}
    ORDER BY ${orderBy(by, { plays: 'k.plays', ms: 'k.ms', name: 'e.name', id: `k.${id}` })} LIMIT :limit OFFSET :offset)`;
}

const ROLLUPS: Record<TopKind, { table: string; id: string }> = {
  tracks: { table: 'track_stats', id: 'track_id' },
  artists: { table: 'artist_stats', id: 'id' },
  albums: { table: 'album_stats', id: 'id' },
  genres: { table: 'genre_stats', id: 'id' },
};

/**
 * All time, site-wide: the rollup's rank index finds the (plays, time) of the last row of the
 * page, so only rows at or above it are joined to their names and sorted — ties included.
 */
function allTimeTopListSql(kind: TopKind, by: 'plays' | 'minutes'): string {
  const { table, id } = ROLLUPS[kind];
  const [first, second] = by === 'plays' ? ['plays', 'ms_played'] : ['ms_played', 'plays'];
  return `WITH cutoff AS (SELECT ${first} AS a, ${second} AS b FROM ${table} WHERE plays > 0
      ORDER BY ${first} DESC, ${second} DESC LIMIT 1 OFFSET :limit + :offset - 1),
    ranked AS (
      SELECT k.${id} AS id, k.plays, k.ms_played AS ms, e.name, (SELECT count(*) FROM ${table} WHERE plays > 0) AS total
      FROM ${table} k JOIN ${KIND_DETAILS[kind].table} e ON e.id = k.${id}
      WHERE k.plays > 0 AND ${atOrAboveCut(`k.${first}`, `k.${second}`, 'cutoff')}
      ORDER BY ${orderBy(by, { plays: 'k.plays', ms: 'k.ms_played', name: 'e.name', id: `k.${id}` })}
      LIMIT :limit OFFSET :offset)
  ${rankedRowsSql(kind, by, 'ranked')}`;
}

/** One ranked page of a top list; binds :from, :to, :limit, :offset (and :scopeId). */
export function topListSql(kind: TopKind, by: 'plays' | 'minutes', filter: StatsFilter): string {
  if (filter.allTime && !filter.scope) return allTimeTopListSql(kind, by);
  return `WITH ${trackTotalsCte(filter)}, ${rankedCte(kind, by, filter, 'ranked')}
  ${rankedRowsSql(kind, by, 'ranked')}`;
}

/**
 * One ranked page of a top list: plays (or time), then the other, then name, then id for ties,
 * with each kind's display columns.
 */
import type { Metric, TopKind } from '@/lib/stats-kinds';
import { param, sql, type Sql } from './fragment';
import type { StatsFilter } from './filters';
import { kindTotals, ROLLUPS } from './item-totals';

/** Which rows of a ranking a list shows. */
export type Page = { limit: number; offset: number };

type RankColumns = { plays: string; ms: string; name: string; id: string };

/** The ranking of every top list, over the given columns. */
function orderBy(by: Metric, columns: RankColumns): string {
  const [first, second] = by === 'plays' ? [columns.plays, columns.ms] : [columns.ms, columns.plays];
  return `${first} DESC, ${second} DESC, ${columns.name} COLLATE NOCASE ASC, ${columns.id} ASC`;
}

const RANKED_COLUMNS: RankColumns = { plays: 'r.plays', ms: 'r.ms', name: 'r.name', id: 'r.id' };

/** A JSON array of a track's artists ({ id, name }) in credit order; `trackId` is a column. */
export const artistsJson = (trackId: string) => `(SELECT json_group_array(json_object('id', a.id, 'name', a.name) ORDER BY ta.position)
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
      ['artists', artistsJson('r.id')],
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

/** The ranked rows `cte` as result rows, with each kind's display columns. */
export function rankedRowsSql(kind: TopKind, by: Metric, cte: string): string {
  const { columns, joins } = KIND_DETAILS[kind];
  const extra = columns.map(([alias, expression]) => `${expression} AS ${alias}`).join(', ');
  return `SELECT r.id, r.name, r.plays, r.ms AS msPlayed, r.total, ${extra}
  FROM ${cte} r ${joins} ORDER BY ${orderBy(by, RANKED_COLUMNS)}`;
}

/** The same rows as one JSON array, so several lists can share one statement. */
export function rankedJsonSql(kind: TopKind, by: Metric, cte: string): string {
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

/** `OFFSET :limit + :offset - 1` finds a page's last row, `LIMIT :limit OFFSET :offset` the page. */
function pageParams(page: Page) {
  return { limit: param('limit', page.limit), offset: param('offset', page.offset) };
}

/** Where a ranked list's (id, plays, ms) rows come from: tracks are `track_totals` itself. */
function rankedSource(kind: TopKind, filter: StatsFilter, cte: string) {
  if (kind === 'tracks') return { head: '', rows: 'track_totals', id: 'track_id' };
  return { head: sql`${cte}_all AS MATERIALIZED (${kindTotals(kind, filter)}),\n  `, rows: `${cte}_all`, id: 'id' };
}

export type RankedArgs = { kind: TopKind; by: Metric; filter: StatsFilter; page: Page; cte: string };

/** A CTE `cte` of one ranked page over `track_totals`. */
export function rankedCte({ kind, by, filter, page, cte }: RankedArgs): Sql {
  const [first, second] = by === 'plays' ? ['plays', 'ms'] : ['ms', 'plays'];
  const { head, rows, id } = rankedSource(kind, filter, cte);
  const { limit, offset } = pageParams(page);
  // Names are needed only to order ties: find the (plays, time) of the page's last row without
  // them, then join names for the rows at or above it — not for every item of the period.
  return sql`${head}${cte}_cut AS (SELECT ${first} AS a, ${second} AS b FROM ${rows}
    ORDER BY ${first} DESC, ${second} DESC LIMIT 1 OFFSET ${limit} + ${offset} - 1),
  ${cte} AS (
    SELECT k.${id} AS id, k.plays, k.ms, e.name, (SELECT count(*) FROM ${rows}) AS total
    FROM ${rows} k CROSS JOIN ${KIND_DETAILS[kind].table} e ON e.id = k.${id}
    WHERE ${atOrAboveCut(`k.${first}`, `k.${second}`, `${cte}_cut`)}
    ORDER BY ${orderBy(by, { plays: 'k.plays', ms: 'k.ms', name: 'e.name', id: `k.${id}` })} LIMIT ${limit} OFFSET ${offset})`;
}

/**
 * All time, site-wide, CTEs `cutoff` and `ranked`: the rollup's rank index finds the (plays,
 * time) of the last row of the page, so only rows at or above it are joined to their names and
 * sorted — ties included.
 */
export function allTimeRankedCtes({ kind, by, page }: Omit<RankedArgs, 'filter' | 'cte'>): Sql {
  const { table, id } = ROLLUPS[kind];
  const [first, second] = by === 'plays' ? ['plays', 'ms_played'] : ['ms_played', 'plays'];
  const { limit, offset } = pageParams(page);
  return sql`cutoff AS (SELECT ${first} AS a, ${second} AS b FROM ${table} WHERE plays > 0
      ORDER BY ${first} DESC, ${second} DESC LIMIT 1 OFFSET ${limit} + ${offset} - 1),
    ranked AS (
      SELECT k.${id} AS id, k.plays, k.ms_played AS ms, e.name, (SELECT count(*) FROM ${table} WHERE plays > 0) AS total
      FROM ${table} k JOIN ${KIND_DETAILS[kind].table} e ON e.id = k.${id}
      WHERE k.plays > 0 AND ${atOrAboveCut(`k.${first}`, `k.${second}`, 'cutoff')}
      ORDER BY ${orderBy(by, { plays: 'k.plays', ms: 'k.ms_played', name: 'e.name', id: `k.${id}` })}
      LIMIT ${limit} OFFSET ${offset})`;
}

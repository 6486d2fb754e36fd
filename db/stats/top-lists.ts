import 'server-only';
import type { ResultSet } from '@libsql/client';
import { toObjects } from '@/db/sql';
import type { Metric, TopKind } from '@/lib/stats-kinds';
import { sql, type Sql } from './fragment';
import type { StatsFilter } from './filters';
import { trackTotalsCte } from './item-totals';
import { allTimeRankedCtes, rankedCte, rankedRowsSql } from './ranked';
import type { ArtistRef, RangeSums, TopItem, TopList } from './types';

export type TopListArgs = StatsFilter & { kind: TopKind; by: Metric; limit: number; offset?: number };

export type RawTopRow = {
  id: number;
  name: string;
  plays: number;
  msPlayed: number;
  total: number;
  imageUrl?: string | null;
  slug?: string;
  /** JSON text from a row, or already parsed when the row itself came from JSON. */
  artists?: string | ArtistRef[] | null;
  albumId?: number | null;
  albumName?: string | null;
};

/** One ranked page of a top list. Site-wide all time reads the rollup's rank index instead of any plays. */
export function topListStatement(args: TopListArgs): Sql {
  const { kind, by } = args;
  const page = { limit: args.limit, offset: args.offset ?? 0 };
  if (args.allTime && !args.scope) return sql`WITH ${allTimeRankedCtes({ kind, by, page })}\n  ${rankedRowsSql(kind, by, 'ranked')}`;
  return sql`WITH ${trackTotalsCte(args)}, ${rankedCte({ kind, by, filter: args, page, cte: 'ranked' })}
  ${rankedRowsSql(kind, by, 'ranked')}`;
}

function parseArtists(value: RawTopRow['artists']): ArtistRef[] {
  if (!value) return [];
  return typeof value === 'string' ? (JSON.parse(value) as ArtistRef[]) : value;
}

type RankedRows = { kind: TopKind; rows: ResultSet | RawTopRow[]; offset: number; totals: RangeSums; by: Metric };

/** Shapes ranked rows; shares are of the range's counted plays (or time, by minutes). */
export function toTopList({ kind, rows: source, offset, totals, by }: RankedRows): TopList {
  const denominator = by === 'minutes' ? totals.msPlayed : totals.plays;
  const rows = Array.isArray(source) ? source : toObjects<RawTopRow>(source);
  const items = rows.map((row, i): TopItem => ({
    id: row.id,
    rank: offset + i + 1,
    name: row.name,
    plays: row.plays,
    msPlayed: row.msPlayed,
    share: denominator > 0 ? (by === 'minutes' ? row.msPlayed : row.plays) / denominator : 0,
    imageUrl: row.imageUrl ?? null,
    ...(row.slug !== undefined ? { slug: row.slug } : {}),
    ...(row.artists !== undefined ? { artists: parseArtists(row.artists) } : {}),
    ...(row.albumId !== undefined ? { album: row.albumId ? { id: row.albumId, name: row.albumName ?? '' } : null } : {}),
  }));
  return { kind, items, total: rows[0]?.total ?? 0 };
}

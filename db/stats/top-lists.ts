import 'server-only';
import type { InStatement, ResultSet } from '@libsql/client';
import { toObjects } from '@/db/sql';
import { filterArgs, topListSql, type StatsFilter, type TopKind } from './fragments';
import type { ArtistRef, RangeSums, TopItem, TopList } from './types';
import type { Metric } from '@/lib/range';

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

export function topListStatement(args: TopListArgs): InStatement {
  return {
    sql: topListSql(args.kind, args.by, args),
    args: { ...filterArgs(args), limit: args.limit, offset: args.offset ?? 0 },
  };
}

function parseArtists(value: RawTopRow['artists']): ArtistRef[] {
  if (!value) return [];
  return typeof value === 'string' ? (JSON.parse(value) as ArtistRef[]) : value;
}

/** Shapes ranked rows; shares are of the range's counted plays (or time, by minutes). */
export function toTopList(kind: TopKind, source: ResultSet | RawTopRow[], offset: number, totals: RangeSums, by: Metric): TopList {
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

import 'server-only';
import type { Database } from '@/db';
import type { Metric } from '@/lib/range';
import { playsPageStatement, toRecentPlays, type InstantRange } from './plays-list';
import { readBatch, toObjects } from './sql';
import type { InStatement } from '@libsql/client';
import { filterArgs, rankedCte, rankedJsonSql, TOP_KINDS, trackTotalsCte, type StatsFilter, type TopKind } from './stats-sql';
import type { ClockCell, DayCount, Overview, TopList, Totals } from './stats-types';
import { toTopList, topListStatement, type RawTopRow } from './top-lists';
import { clockStatement, daysStatement, totalsColumns, totalsStatement } from './totals';

export type OverviewArgs = StatsFilter & InstantRange & { by: Metric; topLimit: number; recentLimit: number };

/**
 * Totals and the four top lists over one shared per-track aggregate: the range's plays are
 * grouped once, not five times. Each list comes back as a JSON column.
 */
function totalsAndTopStatement(args: OverviewArgs): InStatement {
  const ranked = TOP_KINDS.map((kind) => rankedCte(kind, args.by, args, `ranked_${kind}`));
  const lists = TOP_KINDS.map((kind) => `${rankedJsonSql(kind, args.by, `ranked_${kind}`)} AS list_${kind}`);
  return {
    sql: `WITH ${trackTotalsCte(args)}, ${ranked.join(', ')} SELECT ${totalsColumns(args)}, ${lists.join(', ')}`,
    args: { ...filterArgs(args), limit: args.topLimit, offset: 0 },
  };
}

/** All time reads rollups, where separate statements are already cheap. */
async function selectTotalsAndTop(db: Database, args: OverviewArgs, batchTail: InStatement[]) {
  if (args.allTime) {
    const [totalsResult, ...rest] = await readBatch(db, [
      totalsStatement(args),
      ...TOP_KINDS.map((kind) => topListStatement({ ...args, kind, limit: args.topLimit })),
      ...batchTail,
    ]);
    const totals = toObjects<Totals>(totalsResult!)[0]!;
    const top = TOP_KINDS.map((kind, i) => toTopList(kind, rest[i]!, 0, totals, args.by));
    return { totals, top, tail: rest.slice(TOP_KINDS.length) };
  }
  const [combined, ...tail] = await readBatch(db, [totalsAndTopStatement(args), ...batchTail]);
  const row = toObjects<Totals & Record<`list_${TopKind}`, string>>(combined!)[0]!;
  const totals: Totals = { plays: row.plays, msPlayed: row.msPlayed, skips: row.skips, tracks: row.tracks, artists: row.artists,
    albums: row.albums, genres: row.genres, firstDay: row.firstDay, lastDay: row.lastDay };
  const top = TOP_KINDS.map((kind) => toTopList(kind, JSON.parse(row[`list_${kind}`]) as RawTopRow[], 0, totals, args.by));
  return { totals, top, tail };
}

/** Everything the overview page shows, in one round trip. */
export async function selectOverview(db: Database, args: OverviewArgs): Promise<Overview> {
  const { totals, top: lists, tail } = await selectTotalsAndTop(db, args, [
    daysStatement(args),
    clockStatement(args),
    playsPageStatement(args, args.recentLimit, 0, true),
  ]);
  const [daysResult, clockResult, recentResult] = tail;
  const top = Object.fromEntries(TOP_KINDS.map((kind, i) => [kind, lists[i]!])) as Record<TopKind, TopList>;
  return {
    totals,
    days: toObjects<DayCount>(daysResult!),
    clock: toObjects<ClockCell>(clockResult!),
    top,
    recent: toRecentPlays(recentResult!),
  };
}

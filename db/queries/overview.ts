import 'server-only';
import type { Database } from '@/db';
import type { Metric } from '@/lib/range';
import { playsPageStatement, toRecentPlays, type InstantRange } from './plays-list';
import { readBatch, toObjects } from './sql';
import { TOP_KINDS, type StatsFilter, type TopKind } from './stats-sql';
import type { ClockCell, DayCount, Overview, TopList, Totals } from './stats-types';
import { toTopList, topListStatement } from './top-lists';
import { clockStatement, daysStatement, totalsStatement } from './totals';

export type OverviewArgs = StatsFilter & InstantRange & { by: Metric; topLimit: number; recentLimit: number };

/** Everything the overview page shows, in one round trip. */
export async function selectOverview(db: Database, args: OverviewArgs): Promise<Overview> {
  const [totalsResult, daysResult, clockResult, recentResult, ...topResults] = await readBatch(db, [
    totalsStatement(args),
    daysStatement(args),
    clockStatement(args),
    playsPageStatement(args, args.recentLimit, 0, true),
    ...TOP_KINDS.map((kind) => topListStatement({ ...args, kind, limit: args.topLimit })),
  ]);
  const totals = toObjects<Totals>(totalsResult!)[0]!;
  const top = Object.fromEntries(
    TOP_KINDS.map((kind, i) => [kind, toTopList(kind, topResults[i]!, 0, totals, args.by)]),
  ) as Record<TopKind, TopList>;
  return {
    totals,
    days: toObjects<DayCount>(daysResult!),
    clock: toObjects<ClockCell>(clockResult!),
    top,
    recent: toRecentPlays(recentResult!),
  };
}

import 'server-only';
import type { Database } from '@/db';
import type { Metric } from '@/lib/range';
import { playsPageStatement, toRecentPlays, type InstantRange } from './plays-list';
import { toObjects } from '@/db/sql';
import { TOP_KINDS, type StatsFilter, type TopKind } from './fragments';
import type { ClockCell, Overview, TopList } from './types';
import { selectTotalsAndLists } from './totals-and-lists';
import { clockStatement, daysStatement, toDays } from './totals';

export type OverviewArgs = StatsFilter & InstantRange & { by: Metric; topLimit: number; recentLimit: number };

/** Everything the overview page shows, in one round trip. */
export async function selectOverview(db: Database, args: OverviewArgs): Promise<Overview> {
  const { totals, lists, tail } = await selectTotalsAndLists(db, { ...args, kinds: TOP_KINDS, limit: args.topLimit }, true, [
    daysStatement(args),
    clockStatement(args),
    playsPageStatement(args, args.recentLimit, 0, true),
  ]);
  const [daysResult, clockResult, recentResult] = tail;
  return {
    totals,
    days: toDays(daysResult!),
    clock: toObjects<ClockCell>(clockResult!),
    top: lists as Record<TopKind, TopList>,
    recent: toRecentPlays(recentResult!),
  };
}

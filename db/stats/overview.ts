import 'server-only';
import type { Database } from '@/db';
import { toObjects } from '@/db/sql';
import type { Metric, TopKind } from '@/lib/stats-kinds';
import { clockStatement } from './clock';
import { daysStatement, toDays } from './days';
import type { StatsFilter } from './filters';
import { playsPageStatement, toRecentPlays, type InstantRange } from './plays-list';
import { selectTotalsAndLists } from './totals-and-lists';
import type { ClockCell, Overview, TopList } from './types';

export type OverviewArgs = StatsFilter & InstantRange & { by: Metric; topLimit: number; recentLimit: number };

/** The overview ranks every kind: a Record, so that the compiler notices one left out. */
const LISTS: Record<TopKind, true> = { tracks: true, artists: true, albums: true, genres: true };

/** Everything the overview page shows, in one round trip. */
export async function selectOverview(db: Database, args: OverviewArgs): Promise<Overview> {
  const { totals, lists, tail } = await selectTotalsAndLists(db, {
    ...args,
    kinds: Object.keys(LISTS) as TopKind[],
    limit: args.topLimit,
    counts: true,
    tail: [
      daysStatement(args),
      clockStatement(args),
      playsPageStatement({ range: args, limit: args.recentLimit, offset: 0, countedOnly: true }),
    ],
  });
  const [daysResult, clockResult, recentResult] = tail;
  return {
    totals,
    days: toDays(daysResult!),
    clock: toObjects<ClockCell>(clockResult!),
    top: lists as Record<TopKind, TopList>,
    recent: toRecentPlays(recentResult!),
  };
}

import 'server-only';
import type { Database } from '@/db';
import { readBatch, toObjects } from '@/db/sql';
import { param, sql, type Sql } from './fragment';
import { playsPageStatement, toRecentPlays, type InstantRange } from './plays-list';
import type { RecentPlay } from './types';

export type HistoryPage = { plays: RecentPlay[]; total: number };

/** The local days that the instants bound exactly, when the range is whole days. */
export type HistoryDays = { fromDay: string; toDay: string };

/**
 * Every play between the instants. Whole local days are counted from the daily rollup (plays
 * plus skips: every row is one or the other), which reads a row a day instead of one a play.
 */
function totalStatement(range: InstantRange, days: HistoryDays | undefined): Sql {
  if (days) {
    const [from, to] = [param('fromDay', days.fromDay), param('toDay', days.toDay)];
    return sql`SELECT coalesce(sum(plays + skips), 0) AS total FROM day_stats WHERE local_day BETWEEN ${from} AND ${to}`;
  }
  const [from, to] = [param('fromMs', range.fromMs), param('toMs', range.toMs)];
  return sql`SELECT count(*) AS total FROM plays p WHERE p.ended_at >= ${from} AND p.ended_at < ${to}`;
}

/** One page of every play (skips included), newest first. */
export async function selectHistoryPage(
  db: Database,
  args: InstantRange & { limit: number; offset: number; days?: HistoryDays },
): Promise<HistoryPage> {
  const [page, count] = await readBatch(db, [
    playsPageStatement({ range: args, limit: args.limit, offset: args.offset, countedOnly: false }),
    totalStatement(args, args.days),
  ]);
  return { plays: toRecentPlays(page!), total: toObjects<{ total: number }>(count!)[0]!.total };
}

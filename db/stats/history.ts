import 'server-only';
import type { InStatement } from '@libsql/client';
import type { Database } from '@/db';
import { playsPageStatement, toRecentPlays, type InstantRange } from './plays-list';
import { readBatch, toObjects } from '@/db/sql';
import type { RecentPlay } from './types';

export type HistoryPage = { plays: RecentPlay[]; total: number };

/** The local days that the instants bound exactly, when the range is whole days. */
export type HistoryDays = { fromDay: string; toDay: string };

/**
 * Every play between the instants. Whole local days are counted from the daily rollup (plays
 * plus skips: every row is one or the other), which reads a row a day instead of one a play.
 */
function totalStatement(range: InstantRange, days: HistoryDays | undefined): InStatement {
  if (days) {
    return {
      sql: 'SELECT coalesce(sum(plays + skips), 0) AS total FROM day_stats WHERE local_day BETWEEN :fromDay AND :toDay',
      args: { fromDay: days.fromDay, toDay: days.toDay },
    };
  }
  return {
    sql: 'SELECT count(*) AS total FROM plays p WHERE p.ended_at >= :fromMs AND p.ended_at < :toMs',
    args: { fromMs: range.fromMs, toMs: range.toMs },
  };
}

/** One page of every play (skips included), newest first. */
export async function selectHistoryPage(
  db: Database,
  args: InstantRange & { limit: number; offset: number; days?: HistoryDays },
): Promise<HistoryPage> {
  const [page, count] = await readBatch(db, [playsPageStatement(args, args.limit, args.offset, false), totalStatement(args, args.days)]);
  return { plays: toRecentPlays(page!), total: toObjects<{ total: number }>(count!)[0]!.total };
}

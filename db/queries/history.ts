import 'server-only';
import type { Database } from '@/db';
import { playsPageStatement, toRecentPlays, type InstantRange } from './plays-list';
import { readBatch, toObjects } from './sql';
import type { RecentPlay } from './stats-types';

export type HistoryPage = { plays: RecentPlay[]; total: number };

/** One page of every play (skips included), newest first. */
export async function selectHistoryPage(
  db: Database,
  args: InstantRange & { limit: number; offset: number },
): Promise<HistoryPage> {
  const [page, count] = await readBatch(db, [
    playsPageStatement(args, args.limit, args.offset, false),
    {
      sql: 'SELECT count(*) AS total FROM plays p WHERE p.ended_at >= :fromMs AND p.ended_at < :toMs',
      args: { fromMs: args.fromMs, toMs: args.toMs },
    },
  ]);
  return { plays: toRecentPlays(page!), total: toObjects<{ total: number }>(count!)[0]!.total };
}

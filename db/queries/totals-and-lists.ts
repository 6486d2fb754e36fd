import 'server-only';
import type { InStatement, ResultSet } from '@libsql/client';
import type { Database } from '@/db';
import type { Metric } from '@/lib/range';
import { readBatch, toObjects } from './sql';
import { filterArgs, rankedCte, rankedJsonSql, trackTotalsCte, type StatsFilter, type TopKind } from './stats-sql';
import type { TopList, Totals } from './stats-types';
import { toTopList, topListStatement, type RawTopRow, type TopListArgs } from './top-lists';
import { totalsColumns, totalsFrom, totalsStatement } from './totals';

export type ListsArgs = StatsFilter & { by: Metric; kinds: readonly TopKind[]; limit: number; offset?: number };

/**
 * Totals and top lists over one shared per-track aggregate: the period's plays are grouped
 * once, not once per list. Each list comes back as a JSON column.
 */
function combinedStatement(args: ListsArgs): InStatement {
  const ranked = args.kinds.map((kind) => `, ${rankedCte(kind, args.by, args, `ranked_${kind}`)}`).join('');
  const lists = args.kinds.map((kind) => `, ${rankedJsonSql(kind, args.by, `ranked_${kind}`)} AS list_${kind}`).join('');
  return {
    sql: `WITH ${trackTotalsCte(args)}${ranked} SELECT ${totalsColumns(args)}${lists}${totalsFrom(args)}`,
    args: { ...filterArgs(args), limit: args.limit, offset: args.offset ?? 0 },
  };
}

const TOTALS_KEYS = ['plays', 'msPlayed', 'skips', 'tracks', 'artists', 'albums', 'genres', 'firstDay', 'lastDay'] as const;

/**
 * Totals and lists, plus `tail` statements, in one round trip. Site-wide all-time lists use
 * their own statements instead: each reads a rollup's rank index and is already cheap.
 */
export async function selectTotalsAndLists(
  db: Database,
  args: ListsArgs,
  tail: InStatement[],
): Promise<{ totals: Totals; lists: Partial<Record<TopKind, TopList>>; tail: ResultSet[] }> {
  if (args.allTime && !args.scope) {
    const [totalsResult, ...rest] = await readBatch(db, [
      totalsStatement(args),
      ...args.kinds.map((kind) => topListStatement({ ...args, kind })),
      ...tail,
    ]);
    const totals = toObjects<Totals>(totalsResult!)[0]!;
    const lists = Object.fromEntries(args.kinds.map((kind, i) => [kind, toTopList(kind, rest[i]!, args.offset ?? 0, totals, args.by)]));
    return { totals, lists, tail: rest.slice(args.kinds.length) };
  }
  const [combined, ...tailResults] = await readBatch(db, [combinedStatement(args), ...tail]);
  const row = toObjects<Record<string, unknown>>(combined!)[0]!;
  const totals = Object.fromEntries(TOTALS_KEYS.map((key) => [key, row[key]])) as Totals;
  const lists = Object.fromEntries(
    args.kinds.map((kind) => [kind, toTopList(kind, JSON.parse(row[`list_${kind}`] as string) as RawTopRow[], args.offset ?? 0, totals, args.by)]),
  );
  return { totals, lists, tail: tailResults };
}

/** One page of one top list, and the period's totals (for shares), in one statement. */
export async function selectTopList(db: Database, args: TopListArgs): Promise<{ list: TopList; totals: Totals }> {
  const { totals, lists } = await selectTotalsAndLists(db, { ...args, kinds: [args.kind] }, []);
  return { list: lists[args.kind]!, totals };
}

import 'server-only';
import type { InStatement, ResultSet } from '@libsql/client';
import type { Database } from '@/db';
import type { Metric } from '@/lib/range';
import { readBatch, toObjects } from '@/db/sql';
import { filterArgs, rankedCte, rankedJsonSql, trackTotalsCte, type StatsFilter, type TopKind } from './fragments';
import type { RangeSums, TopList, Totals } from './types';
import { toTopList, topListStatement, type RawTopRow, type TopListArgs } from './top-lists';
import { countColumns, SUMS_COLUMNS, sumsCte, totalsStatement } from './totals';

export type ListsArgs = StatsFilter & { by: Metric; kinds: readonly TopKind[]; limit: number; offset?: number };

/**
 * Sums, counts and top lists over one shared per-track aggregate: the period's plays are
 * grouped once, not once per list, and a ranked kind is counted from its own rows. Each list
 * comes back as a JSON column.
 */
function combinedStatement(args: ListsArgs, counts: boolean): InStatement {
  const ranked = args.kinds.map((kind) => `, ${rankedCte(kind, args.by, args, `ranked_${kind}`)}`).join('');
  const lists = args.kinds.map((kind) => `, ${rankedJsonSql(kind, args.by, `ranked_${kind}`)} AS list_${kind}`).join('');
  const countsSql = counts && !args.scope ? `, ${countColumns(args, args.kinds)}` : '';
  return {
    sql: `WITH ${trackTotalsCte(args)}, ${sumsCte(args)}${ranked} SELECT ${SUMS_COLUMNS}${countsSql}${lists} FROM sums`,
    args: { ...filterArgs(args), limit: args.limit, offset: args.offset ?? 0 },
  };
}

const SUMS_KEYS = ['plays', 'msPlayed', 'skips', 'firstDay', 'lastDay'] as const;
const COUNT_KEYS = ['tracks', 'artists', 'albums', 'genres'] as const;

type Counted<C extends boolean> = C extends true ? Totals : RangeSums;

function pick(row: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, row[key]]));
}

/**
 * Sums (and with `counts`, site-wide distinct counts) and lists, plus `tail` statements, in one
 * round trip. Site-wide all-time lists use their own statements instead: each reads a rollup's
 * rank index and is already cheap.
 */
export async function selectTotalsAndLists<C extends boolean>(
  db: Database,
  args: ListsArgs,
  counts: C,
  tail: InStatement[],
): Promise<{ totals: Counted<C>; lists: Partial<Record<TopKind, TopList>>; tail: ResultSet[] }> {
  const keys = counts && !args.scope ? [...SUMS_KEYS, ...COUNT_KEYS] : SUMS_KEYS;
  if (args.allTime && !args.scope) {
    const [totalsResult, ...rest] = await readBatch(db, [
      totalsStatement(args, counts),
      ...args.kinds.map((kind) => topListStatement({ ...args, kind })),
      ...tail,
    ]);
    const totals = pick(toObjects(totalsResult!)[0]!, keys) as Counted<C>;
    const lists = Object.fromEntries(args.kinds.map((kind, i) => [kind, toTopList(kind, rest[i]!, args.offset ?? 0, totals, args.by)]));
    return { totals, lists, tail: rest.slice(args.kinds.length) };
  }
  const [combined, ...tailResults] = await readBatch(db, [combinedStatement(args, counts), ...tail]);
  const row = toObjects<Record<string, unknown>>(combined!)[0]!;
  const totals = pick(row, keys) as Counted<C>;
  const lists = Object.fromEntries(
    args.kinds.map((kind) => [
      kind,
      toTopList(kind, JSON.parse(row[`list_${kind}`] as string) as RawTopRow[], args.offset ?? 0, totals, args.by),
    ]),
  );
  return { totals, lists, tail: tailResults };
}

/** One page of one top list, and the period's sums (for shares), in one statement. */
export async function selectTopList(db: Database, args: TopListArgs): Promise<{ list: TopList; totals: RangeSums }> {
  const { totals, lists } = await selectTotalsAndLists(db, { ...args, kinds: [args.kind] }, false, []);
  return { list: lists[args.kind]!, totals };
}

/** A range's sums and site-wide distinct counts, alone. */
export async function selectTotals(db: Database, filter: StatsFilter): Promise<Totals> {
  const { totals } = await selectTotalsAndLists(db, { ...filter, by: 'plays', kinds: [], limit: 1 }, true, []);
  return totals;
}

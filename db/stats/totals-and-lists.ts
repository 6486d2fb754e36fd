import 'server-only';
import type { InStatement, ResultSet } from '@libsql/client';
import type { Database } from '@/db';
import { readBatch, toObjects } from '@/db/sql';
import type { Metric, TopKind } from '@/lib/stats-kinds';
import { join, sql, type Sql } from './fragment';
import type { StatsFilter } from './filters';
import { trackTotalsCte } from './item-totals';
import { rankedCte, rankedJsonSql } from './ranked';
import { toTopList, topListStatement, type RawTopRow, type TopListArgs } from './top-lists';
import { countColumns, SUMS_COLUMNS, sumsCte, totalsStatement } from './totals';
import type { RangeSums, TopList, Totals } from './types';

export type ListsArgs = StatsFilter & { by: Metric; kinds: readonly TopKind[]; limit: number; offset?: number };

/**
 * What to read besides the lists: with `counts`, the site-wide distinct counts next to the sums;
 * `tail`, other statements to send in the same round trip.
 */
type Extras<C extends boolean> = { counts: C; tail?: InStatement[] };

type TotalsAndLists<C extends boolean> = {
  totals: C extends true ? Totals : RangeSums;
  lists: Partial<Record<TopKind, TopList>>;
  tail: ResultSet[];
};

/**
 * Sums, counts and top lists over one shared per-track aggregate: the period's plays are
 * grouped once, not once per list, and a ranked kind is counted from its own rows. Each list
 * comes back as a JSON column.
 */
function combinedStatement(args: ListsArgs & { counts: boolean }): Sql {
  const page = { limit: args.limit, offset: args.offset ?? 0 };
  const ranked = args.kinds.map((kind) => sql`, ${rankedCte({ kind, by: args.by, filter: args, page, cte: `ranked_${kind}` })}`);
  const lists = args.kinds.map((kind) => `, ${rankedJsonSql(kind, args.by, `ranked_${kind}`)} AS list_${kind}`);
  const countsSql = args.counts && !args.scope ? sql`, ${countColumns(args, args.kinds)}` : '';
  return sql`WITH ${trackTotalsCte(args)}, ${sumsCte(args)}${join(ranked)} SELECT ${SUMS_COLUMNS}${countsSql}${lists.join('')} FROM sums`;
}

const SUMS_KEYS = ['plays', 'msPlayed', 'skips', 'firstDay', 'lastDay'] as const;
const COUNT_KEYS = ['tracks', 'artists', 'albums', 'genres'] as const;

function pick(row: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, row[key]]));
}

/**
 * Sums (and with `counts`, site-wide distinct counts) and lists, plus `tail` statements, in one
 * round trip. Site-wide all-time lists use their own statements instead: each reads a rollup's
 * rank index and is already cheap.
 */
export async function selectTotalsAndLists<C extends boolean>(db: Database, args: ListsArgs & Extras<C>): Promise<TotalsAndLists<C>> {
  const { counts, tail = [] } = args;
  const keys = counts && !args.scope ? [...SUMS_KEYS, ...COUNT_KEYS] : SUMS_KEYS;
  const offset = args.offset ?? 0;
  if (args.allTime && !args.scope) {
    const [totalsResult, ...rest] = await readBatch(db, [
      totalsStatement({ filter: args, counts }),
      ...args.kinds.map((kind) => topListStatement({ ...args, kind })),
      ...tail,
    ]);
    const totals = pick(toObjects(totalsResult!)[0]!, keys) as TotalsAndLists<C>['totals'];
    const lists = Object.fromEntries(args.kinds.map((kind, i) => [kind, toTopList({ kind, rows: rest[i]!, offset, totals, by: args.by })]));
    return { totals, lists, tail: rest.slice(args.kinds.length) };
  }
  const [combined, ...tailResults] = await readBatch(db, [combinedStatement(args), ...tail]);
  const row = toObjects<Record<string, unknown>>(combined!)[0]!;
  const totals = pick(row, keys) as TotalsAndLists<C>['totals'];
  const listOf = (kind: TopKind) => JSON.parse(row[`list_${kind}`] as string) as RawTopRow[];
  const lists = Object.fromEntries(args.kinds.map((kind) => [kind, toTopList({ kind, rows: listOf(kind), offset, totals, by: args.by })]));
  return { totals, lists, tail: tailResults };
}

/** One page of one top list, and the period's sums (for shares), in one statement. */
export async function selectTopList(db: Database, args: TopListArgs): Promise<{ list: TopList; totals: RangeSums }> {
  const { totals, lists } = await selectTotalsAndLists(db, { ...args, kinds: [args.kind], counts: false });
  return { list: lists[args.kind]!, totals };
}

/** A range's sums and site-wide distinct counts, alone. */
export async function selectTotals(db: Database, filter: StatsFilter): Promise<Totals> {
  const { totals } = await selectTotalsAndLists(db, { ...filter, by: 'plays', kinds: [], limit: 1, counts: true });
  return totals;
}

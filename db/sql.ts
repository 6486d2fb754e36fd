import type { InArgs, InStatement, InValue, ResultSet } from '@libsql/client';
import type { Database } from '@/db';

export type SqlRow = Record<string, unknown>;

/** libSQL rows are array-like objects; cached results must be plain objects. */
export function toObjects<T = SqlRow>(result: ResultSet): T[] {
  return result.rows.map((row) => {
    const object: SqlRow = {};
    result.columns.forEach((column, i) => {
      object[column] = row[i];
    });
    return object as T;
  });
}

/** Runs read statements in one round trip (on Turso every statement is otherwise a network hop). */
export async function readBatch(db: Database, statements: InStatement[]): Promise<ResultSet[]> {
  return db.$client.batch(statements, 'read');
}

export async function readRows<T = SqlRow>(db: Database, sql: string, args: InArgs = {}): Promise<T[]> {
  return toObjects<T>(await db.$client.execute({ sql, args }));
}

/** Multi-row INSERT statements of at most `rowsPerStatement` rows each. */
export function chunkedInserts(
  head: string,
  columns: number,
  rows: readonly (readonly unknown[])[],
  rowsPerStatement = 400,
): InStatement[] {
  const placeholders = `(${Array.from({ length: columns }, () => '?').join(',')})`;
  const statements: InStatement[] = [];
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const chunk = rows.slice(start, start + rowsPerStatement);
    statements.push({
      sql: `${head} VALUES ${chunk.map(() => placeholders).join(',')}`,
      args: chunk.flat() as InArgs,
    });
  }
  return statements;
}

/**
 * An INSERT of rows handed over as one JSON argument: SQLite reads it faster than it binds
 * (and the client converts) thousands of placeholders, and the statement stays small to
 * prepare. `head` is the INSERT up to its column list.
 */
export function insertJsonStatement(head: string, rows: readonly (readonly InValue[])[], returning?: string): InStatement {
  const values = rows[0]!.map((_, i) => `value->>${i}`).join(', ');
  return { sql: `${head} SELECT ${values} FROM json_each(?)${returning ? ` RETURNING ${returning}` : ''}`, args: [JSON.stringify(rows)] };
}

/** Writes planned from reads fail when another writer got in between (an id taken, a play stored where they read). */
export const WRITE_ATTEMPTS = 3;

/**
 * Runs `attempt` (its reads, its plan, its write batch) again from fresh reads when it fails,
 * at most `attempts` times: a plan holds ids and rows that were true when it read.
 */
export async function retryFromFreshReads<T>(attempt: () => Promise<T>, attempts = WRITE_ATTEMPTS): Promise<T> {
  for (let failures = 1; ; failures++) {
    try {
      return await attempt();
    } catch (error) {
      if (failures >= attempts) throw error;
    }
  }
}

/** The largest id a table has given, deleted rows included: AUTOINCREMENT never gives one twice. */
export const lastIdSql = (table: string) =>
  `max((SELECT coalesce(max(id), 0) FROM ${table}), coalesce((SELECT seq FROM sqlite_sequence WHERE name = '${table}'), 0))`;

/**
 * Fails a write batch (json() of a text that is not JSON raises an error) when a play was
 * stored after `lastPlayId` was read, ending between `from` and `to`: a plan made from those
 * reads would have missed it. `+ended_at`: look among the plays added since the reads (by id),
 * never scan the time index.
 */
export function playsUnchangedStatement(lastPlayId: number, from: number, to: number): InStatement {
  return {
    sql: "SELECT json(CASE WHEN EXISTS (SELECT 1 FROM plays WHERE id > ? AND +ended_at BETWEEN ? AND ?) THEN 'plays changed' ELSE '0' END)",
    args: [lastPlayId, from, to],
  };
}

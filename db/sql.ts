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

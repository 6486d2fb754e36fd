import type { InValue } from '@libsql/client';

/**
 * A piece of SQL and the values of the named placeholders in it. Each fragment that writes a
 * placeholder binds its value too (as umami's parseFilters returns its params with the filter
 * SQL), and a statement's args are the merge of its fragments': no list of names to keep in
 * step with the text. A whole statement is one as well: it is a libSQL InStatement.
 */
export type Sql = { readonly sql: string; readonly args: Readonly<Record<string, InValue>> };

/** What a hole of `sql` takes: a fragment, or SQL text that binds nothing (a column, a table, a clause). Never a value. */
export type SqlPart = Sql | string;

function merge(into: Record<string, InValue>, args: Readonly<Record<string, InValue>>): void {
  for (const [name, value] of Object.entries(args)) {
    // One name stands for one value in a statement: two fragments that disagree are a bug.
    if (name in into && into[name] !== value) throw new Error(`:${name} is bound to both ${String(into[name])} and ${String(value)}`);
    into[name] = value;
  }
}

/** The parts one after another with `separator` between them, and all their args. */
export function join(parts: readonly SqlPart[], separator = ''): Sql {
  const args: Record<string, InValue> = {};
  const texts = parts.map((part) => {
    if (typeof part === 'string') return part;
    merge(args, part.args);
    return part.sql;
  });
  return { sql: texts.join(separator), args };
}

/** A template of SQL text whose holes are fragments (their args are merged) or plain SQL text. */
export function sql(strings: TemplateStringsArray, ...parts: SqlPart[]): Sql {
  return join(strings.flatMap((text, i) => (i < parts.length ? [text, parts[i]!] : [text])));
}

/** The placeholder `:name`, bound to `value`. */
export function param(name: string, value: InValue): Sql {
  return { sql: `:${name}`, args: { [name]: value } };
}

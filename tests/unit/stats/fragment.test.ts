import { describe, expect, it } from 'vitest';
import { join, param, sql } from '@/db/stats/fragment';

describe('sql fragments', () => {
  it('inline their text and merge their args, in the order the statement uses them', () => {
    const range = sql`local_day BETWEEN ${param('from', '2025-03-01')} AND ${param('to', '2025-03-31')}`;
    const statement = sql`SELECT ${'plays'} FROM day_stats WHERE ${param('month', '2025-03')} = month AND ${range}`;
    expect(statement).toEqual({
      sql: 'SELECT plays FROM day_stats WHERE :month = month AND local_day BETWEEN :from AND :to',
      args: { month: '2025-03', from: '2025-03-01', to: '2025-03-31' },
    });
  });

  it('join parts with a separator, a placeholder used twice binding once', () => {
    const from = param('from', '2025-03-01');
    expect(join([sql`a >= ${from}`, 'b', sql`c >= ${from}`], ' UNION ALL ')).toEqual({
      sql: 'a >= :from UNION ALL b UNION ALL c >= :from',
      args: { from: '2025-03-01' },
    });
  });

  it('refuse one name bound to two values', () => {
    expect(() => sql`${param('limit', 5)} ${param('limit', 10)}`).toThrow(':limit is bound to both 5 and 10');
  });
});

import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { digits, recordLayout, text } from '@/db/import/fixed-width';

const TEST = recordLayout('test', [
  digits('big', 13),
  text('month', 7, '0123456789-'),
  digits('small', 4),
  digits('last', 2, { nullAs: 0 }),
]);

describe('fixed-width record layouts', () => {
  it('place each field after the one declared before it', () => {
    expect(TEST.width).toBe(26);
    expect(TEST.sql('value')).toEqual({
      big: 'CAST(substr(value, 1, 13) AS INTEGER)',
      month: 'substr(value, 14, 7)',
      small: 'CAST(substr(value, 21, 4) AS INTEGER)',
      last: 'nullif(CAST(substr(value, 25, 2) AS INTEGER), 0)',
    });
    expect(TEST.sql('m.value').month).toBe('substr(m.value, 14, 7)');
  });

  it('write each field at its offset, large numbers and null included, as a JSON list of strings', () => {
    const records = TEST.encode([
      [1_714_557_600_123, '2024-05', 7, 12],
      [0, '1999-12', 9999, null],
    ]);
    expect(JSON.parse(records)).toEqual(['17145576001232024-05000712', '00000000000001999-12999900']);
    expect(TEST.encode([{ at: 9_999_999_999_999 }], ({ at }) => [at, '2024-05', 0, 1])).toBe('["99999999999992024-05000001"]');
    const KEY = recordLayout('key', [digits('key', 16)]);
    // Each side of a split into halves at 10^8, where the quotient may round up.
    const keys = [
      9_007_199_254_740_991, 8_999_999_999_999_999, 9_000_000_000_000_000, 4_294_967_297, 2_147_483_648, 2_147_483_647, 199_999_999,
    ];
    expect(JSON.parse(KEY.encode(keys.map((key) => [key])))).toEqual(keys.map((key) => String(key).padStart(16, '0')));
    expect(() => KEY.encode([[2 ** 53]])).toThrow('key: key 9007199254740992 is not a whole number of at most 16 digits');
  });

  it('is an empty list for no rows', () => {
    expect(TEST.encode([])).toBe('[]');
  });

  it('read back through the SQL made from the same declaration', async () => {
    const client = createClient({ url: ':memory:' });
    const sql = TEST.sql('value');
    const result = await client.execute({
      sql: `SELECT ${sql.big} AS big, ${sql.month} AS month, ${sql.small} AS small, ${sql.last} AS last FROM json_each(?)`,
      args: [
        TEST.encode([
          [1_714_557_600_123, '2024-05', 7, 12],
          [0, '1999-12', 9999, null],
        ]),
      ],
    });
    expect(result.rows.map((row) => ({ ...row }))).toEqual([
      { big: 1_714_557_600_123, month: '2024-05', small: 7, last: 12 },
      { big: 0, month: '1999-12', small: 9999, last: null },
    ]);
    client.close();
  });

  it('refuse, naming the layout and the field, what does not fit instead of cutting it', () => {
    const encode = (values: [number, string, number, number | null]) => () => TEST.encode([values]);
    expect(encode([1, '2024-05', 10_000, 0])).toThrow('test: small 10000 is not a whole number of at most 4 digits');
    expect(encode([1, '2024-05', -1, 0])).toThrow('test: small -1 is not');
    expect(encode([1, '2024-05', 1.5, 0])).toThrow('test: small 1.5 is not');
    expect(encode([1, '2024-05', 1, 100])).toThrow('test: last 100 is not a whole number of at most 2 digits or null');
    expect(() => TEST.encode([[1, '2024-05', null as unknown as number, 0]])).toThrow('test: small null is not');
    expect(encode([1, '2024-5', 1, 0])).toThrow('test: month "2024-5" is not 7 characters of 0123456789-');
    expect(encode([1, '2024-0é', 1, 0])).toThrow('test: month "2024-0é" is not');
    expect(encode([1, '2024-0"', 1, 0])).toThrow('test: month "2024-0\\"" is not');
    expect(encode([1, '2024-0\\', 1, 0])).toThrow('test: month "2024-0\\\\" is not');
    expect(encode([1, '2024-0\n', 1, 0])).toThrow('test: month "2024-0\\n" is not');
    expect(encode([1, '2024_05', 1, 0])).toThrow('test: month "2024_05" is not');
  });

  it('refuse a layout whose text could not stand in a JSON string unescaped, or whose widths cannot be written', () => {
    expect(() => text('name', 4, 'ab"')).toThrow('name: "\\"" cannot be written in a fixed-width record');
    expect(() => text('name', 4, 'ab\\')).toThrow('name: "\\\\" cannot be written');
    expect(() => text('name', 4, 'ab\t')).toThrow('name: "\\t" cannot be written');
    expect(() => text('name', 4, 'abé')).toThrow('name: "é" cannot be written');
    expect(() => digits('n', 17)).toThrow('n: a width of 1 to 16 digits');
    expect(() => digits('n', 2, { nullAs: 100 })).toThrow('n: null as 100 does not fit 2 digits');
    expect(() => recordLayout('twice', [digits('n', 1), digits('n', 2)])).toThrow('twice: two fields of the same name');
  });
});

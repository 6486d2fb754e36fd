import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodePlayRows, insertPlaysStatement, type PlayRowValues } from '@/db/import/play-rows';
import { readRows } from '@/db/sql';
import { openTestDatabase, type TestDatabase } from '@/tests/helpers/database';

let test: TestDatabase;
beforeEach(async () => {
  test = await openTestDatabase();
  await test.db.$client.execute("INSERT INTO tracks (id, name, lookup_key) VALUES (7, 'Song', 'k7'), (1234567890, 'Other', 'k8')");
});
afterEach(() => test.close());

const ROWS: PlayRowValues[] = [
  [
    Date.parse('2024-05-01T10:00:00Z'),
    7,
    187_000,
    1,
    '2024-05-01',
    12,
    2,
    'Android OS 9 API 28 (samsung, SM-G960F)',
    1,
    0,
    null,
    'trackdone',
    'endplay',
    0,
    9_007_199_254_740_991,
  ],
  [Date.parse('2006-01-01T00:00:00Z'), 1234567890, 0, 0, '2005-12-31', 23, 5, 'Ünïcode "quoted" \\ ✓', null, 1, 0, null, null, 1, 0],
  [Date.parse('2024-05-01T10:03:00Z'), 7, 86_400_000, 1, '2024-05-01', 0, 6, null, 0, null, 1, 'clickrow', 'trackdone', 0, 4_294_967_297],
];

describe('packed play rows', () => {
  it('store every value as given, nulls and texts included', async () => {
    await test.db.$client.execute(insertPlaysStatement(ROWS));
    const stored = await readRows<Record<string, unknown>>(
      test.db,
      `SELECT ended_at, track_id, ms_played, counted, local_day, local_hour, local_weekday, platform, shuffle, skipped, offline,
          reason_start, reason_end, source = 'account', stream_key, source, ms_played_estimated FROM plays ORDER BY id`,
    );
    expect(stored.map((row) => Object.values(row))).toEqual(ROWS.map((row) => [...row, row[13] === 1 ? 'account' : 'export', 0]));
    expect(stored.map((row) => typeof row.ended_at)).toEqual(['number', 'number', 'number']);
  });

  it('lay each record out as documented: fixed widths, flags 2 for null, texts as indexes into a second list', () => {
    const [records, texts] = encodePlayRows([ROWS[0]!, ROWS[2]!]);
    expect(JSON.parse(records)).toEqual([
      '1714557600000' +
        '0000000007' +
        '00187000' +
        '1' +
        '2024-05-01' +
        '12' +
        '2' +
        '102' +
        '00001' +
        '00002' +
        '00003' +
        '0' +
        '9007199254740991',
      '1714557780000' +
        '0000000007' +
        '86400000' +
        '1' +
        '2024-05-01' +
        '00' +
        '6' +
        '021' +
        '00000' +
        '00004' +
        '00002' +
        '0' +
        '0000004294967297',
    ]);
    expect(JSON.parse(texts)).toEqual([null, 'Android OS 9 API 28 (samsung, SM-G960F)', 'trackdone', 'endplay', 'clickrow']);
  });

  it('refuse a value that does not fit its width rather than store a wrong one', () => {
    expect(() => encodePlayRows([[ROWS[0]![0], 7, 100_000_000, 1, '2024-05-01', 12, 2, null, null, null, null, null, null, 0, 1]])).toThrow(
      /ms_played/,
    );
    expect(() => encodePlayRows([[ROWS[0]![0], -1, 1, 1, '2024-05-01', 12, 2, null, null, null, null, null, null, 0, 1]])).toThrow(
      /track_id/,
    );
    expect(() => encodePlayRows([[ROWS[0]![0], 7, 1, 1, '2024-5-1', 12, 2, null, null, null, null, null, null, 0, 1]])).toThrow(
      /local_day/,
    );
    expect(() => encodePlayRows([[ROWS[0]![0], 7, 1.5, 1, '2024-05-01', 12, 2, null, null, null, null, null, null, 0, 1]])).toThrow(
      /ms_played/,
    );
    expect(() => encodePlayRows([[ROWS[0]![0], 7, 1, 1, '2024-05-01', 123, 2, null, null, null, null, null, null, 0, 1]])).toThrow(
      /local_hour/,
    );
    expect(() => encodePlayRows([[ROWS[0]![0], 7, 1, 1, '2024-05-01', 12, 2, null, null, null, null, null, null, 0, 2 ** 54]])).toThrow(
      /stream_key/,
    );
  });
});

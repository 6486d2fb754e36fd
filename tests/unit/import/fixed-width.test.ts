import { describe, expect, it } from 'vitest';
import { FixedWidthRecords } from '@/db/import/fixed-width';

describe('fixed-width records', () => {
  it('write each field at its offset, large numbers included, as a JSON list of strings', () => {
    const records = new FixedWidthRecords(2, 24, 'test');
    records.next().digits(0, 1_714_557_600_123, 13, 'big').text(13, '2024-05', 7, 'month').digits(20, 7, 4, 'small');
    records.next().digits(0, 0, 13, 'big').text(13, '1999-12', 7, 'month').digits(20, 9999, 4, 'small');
    expect(JSON.parse(records.toString())).toEqual(['17145576001232024-050007', '00000000000001999-129999']);
  });

  it('is an empty list for no rows', () => {
    expect(new FixedWidthRecords(0, 10, 'test').toString()).toBe('[]');
  });

  it('refuses what does not fit instead of cutting it', () => {
    const records = () => new FixedWidthRecords(1, 10, 'test').next();
    expect(() => records().digits(0, 10_000, 4, 'plays')).toThrow('plays 10000 does not fit the test encoding');
    expect(() => records().digits(0, -1, 4, 'plays')).toThrow(/plays -1/);
    expect(() => records().digits(0, 1.5, 4, 'plays')).toThrow(/plays 1.5/);
    expect(() => records().text(0, '2024-5', 7, 'month')).toThrow(/month 2024-5/);
    expect(() => records().text(0, '2024-0é', 7, 'month')).toThrow(/month/);
  });
});

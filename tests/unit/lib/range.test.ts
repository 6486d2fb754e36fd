import { describe, expect, it } from 'vitest';
import { parseLimit, parseStatsQuery, rangeSearch, todayIn, type SearchParams, type StatsQuery } from '@/lib/range';

const TODAY = '2025-03-31';

function parsed(params: SearchParams, today = TODAY): StatsQuery {
  const result = parseStatsQuery(params, today);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(params)} to parse: ${result.error.message}`);
  return result.value;
}

function failedParam(params: SearchParams): string {
  const result = parseStatsQuery(params, TODAY);
  if (result.ok) throw new Error(`expected ${JSON.stringify(params)} to be rejected`);
  return result.error.param;
}

describe('parseStatsQuery presets', () => {
  it('defaults to the last 4 weeks by plays, today included', () => {
    expect(parsed({})).toEqual({
      range: { key: '4w', label: 'Last 4 weeks', fromDay: '2025-03-04', toDay: '2025-03-31', granularity: 'day' },
      by: 'plays',
    });
  });

  it('reads 6m and 1y as whole months back, clamped at month ends', () => {
    expect(parsed({ range: '6m' }).range).toEqual({
      key: '6m',
      label: 'Last 6 months',
      fromDay: '2024-10-01',
      toDay: '2025-03-31',
      granularity: 'week',
    });
    expect(parsed({ range: '1y' }).range).toMatchObject({ fromDay: '2024-04-01', toDay: '2025-03-31', granularity: 'week' });
    expect(parsed({ range: '6m' }, '2025-08-31').range).toMatchObject({ fromDay: '2025-03-01', toDay: '2025-08-31' });
  });

  it('reads all time from 2000 by month, and a calendar year', () => {
    expect(parsed({ range: 'all', by: 'minutes' })).toEqual({
      range: { key: 'all', label: 'All time', fromDay: '2000-01-01', toDay: TODAY, granularity: 'month' },
      by: 'minutes',
    });
    expect(parsed({ range: '2024' }).range).toEqual({
      key: '2024',
      label: '2024',
      fromDay: '2024-01-01',
      toDay: '2024-12-31',
      granularity: 'week',
    });
  });

  it('takes the first of repeated parameters and treats empty ones as absent', () => {
    expect(parsed({ range: ['1y', '6m'] }).range.key).toBe('1y');
    expect(parsed({ range: '', from: '', to: '' }).range.key).toBe('4w');
  });
});

describe('parseStatsQuery from/to', () => {
  it('is inclusive at both ends and picks the granularity by length', () => {
    expect(parsed({ from: '2025-01-01', to: '2025-01-31' }).range).toEqual({
      key: 'custom',
      label: '2025-01-01 – 2025-01-31',
      fromDay: '2025-01-01',
      toDay: '2025-01-31',
      granularity: 'day',
    });
    expect(parsed({ from: '2025-02-01', to: '2025-02-01' }).range).toMatchObject({ fromDay: '2025-02-01', toDay: '2025-02-01' });
    // 92 days by day, 93 by week; 731 days by week, 732 by month.
    expect(parsed({ from: '2025-01-01', to: '2025-04-02' }).range.granularity).toBe('day');
    expect(parsed({ from: '2025-01-01', to: '2025-04-03' }).range.granularity).toBe('week');
    expect(parsed({ from: '2023-01-01', to: '2024-12-31' }).range.granularity).toBe('week');
    expect(parsed({ from: '2023-01-01', to: '2025-01-01' }).range.granularity).toBe('month');
  });

  it('fills a missing end with today and a missing start with 2000-01-01', () => {
    expect(parsed({ from: '2025-03-20' }).range).toMatchObject({ key: 'custom', fromDay: '2025-03-20', toDay: TODAY });
    expect(parsed({ to: '2020-06-30' }).range).toMatchObject({ key: 'custom', fromDay: '2000-01-01', toDay: '2020-06-30' });
  });

  it('lets from/to win over a preset', () => {
    expect(parsed({ range: '1y', from: '2025-03-01', to: '2025-03-02' }).range.key).toBe('custom');
  });
});

describe('parseStatsQuery errors name the parameter', () => {
  it('rejects unknown ranges and years out of bounds', () => {
    expect(['5w', 'week', '1999', '2101', '20245'].map((range) => failedParam({ range }))).toEqual([
      'range',
      'range',
      'range',
      'range',
      'range',
    ]);
  });

  it('rejects impossible dates, a start after the end, and unknown metrics', () => {
    expect(failedParam({ from: '2025-02-30' })).toBe('from');
    expect(failedParam({ from: '2025-01-01', to: 'yesterday' })).toBe('to');
    expect(failedParam({ from: '2025-03-02', to: '2025-03-01' })).toBe('from');
    expect(failedParam({ by: 'hours' })).toBe('by');
    expect(failedParam({ by: 'hours', range: 'nope' })).toBe('by');
  });

  it('says what is wrong in the message', () => {
    const result = parseStatsQuery({ from: '2025-03-02', to: '2025-03-01' }, TODAY);
    expect(result).toEqual({
      ok: false,
      error: { param: 'from', message: 'The start (2025-03-02) is after the end (2025-03-01).' },
    });
  });
});

describe('parseLimit', () => {
  it('falls back when absent and accepts whole numbers from 1 to max', () => {
    expect(parseLimit(undefined, 50, 500)).toEqual({ ok: true, value: 50 });
    expect(parseLimit('', 50, 500)).toEqual({ ok: true, value: 50 });
    expect(parseLimit('1', 50, 500)).toEqual({ ok: true, value: 1 });
    expect(parseLimit('500', 50, 500)).toEqual({ ok: true, value: 500 });
  });

  it('rejects zero, too large, fractional and non-numeric limits as "limit"', () => {
    for (const raw of ['0', '-3', '501', '2.5', 'ten']) {
      const result = parseLimit(raw, 50, 500);
      expect(result.ok ? null : result.error.param, raw).toBe('limit');
    }
  });
});

describe('rangeSearch', () => {
  it('writes only what differs from the defaults', () => {
    expect(rangeSearch(parsed({}).range, 'plays')).toBe('');
    expect(rangeSearch(parsed({ range: '2024' }).range, 'minutes')).toBe('?range=2024&by=minutes');
    expect(rangeSearch(parsed({ from: '2025-01-01', to: '2025-01-31' }).range, 'plays', { page: '2' })).toBe(
      '?from=2025-01-01&to=2025-01-31&page=2',
    );
  });

  it('round-trips every kind of range through the query string', () => {
    const queries: SearchParams[] = [
      {},
      { range: '6m' },
      { range: '1y', by: 'minutes' },
      { range: 'all' },
      { range: '2023' },
      { from: '2025-03-10' },
      { to: '2021-05-05', by: 'minutes' },
    ];
    for (const params of queries) {
      const query = parsed(params);
      const again = parsed(Object.fromEntries(new URLSearchParams(rangeSearch(query.range, query.by))));
      expect(again, JSON.stringify(params)).toEqual(query);
    }
  });
});

describe('todayIn', () => {
  it('is the local date in the zone', () => {
    const instant = Date.parse('2025-03-09T23:30:00Z');
    expect(todayIn('UTC', instant)).toBe('2025-03-09');
    expect(todayIn('Europe/Berlin', instant)).toBe('2025-03-10');
  });
});

import { describe, expect, it } from 'vitest';
import { buildSeries } from '@/lib/series';

const point = (key: string, label: string, plays: number, msPlayed: number) => ({ key, label, plays, msPlayed });

describe('buildSeries', () => {
  it('fills every day of the range, empty days as zeros', () => {
    const days = [
      { day: '2025-03-02', plays: 2, msPlayed: 100 },
      { day: '2025-03-04', plays: 1, msPlayed: 50 },
    ];
    expect(buildSeries(days, '2025-03-01', '2025-03-05', 'day')).toEqual([
      point('2025-03-01', '2025-03-01', 0, 0),
      point('2025-03-02', '2025-03-02', 2, 100),
      point('2025-03-03', '2025-03-03', 0, 0),
      point('2025-03-04', '2025-03-04', 1, 50),
      point('2025-03-05', '2025-03-05', 0, 0),
    ]);
  });

  it('sums days into Monday-based weeks, including partial first and last weeks', () => {
    const days = [
      { day: '2025-03-02', plays: 1, msPlayed: 10 }, // Sunday: week of 02-24
      { day: '2025-03-03', plays: 2, msPlayed: 20 }, // Monday
      { day: '2025-03-09', plays: 4, msPlayed: 40 }, // Sunday, same week
    ];
    expect(buildSeries(days, '2025-02-26', '2025-03-12', 'week')).toEqual([
      point('2025-02-24', 'Week of 2025-02-24', 1, 10),
      point('2025-03-03', 'Week of 2025-03-03', 6, 60),
      point('2025-03-10', 'Week of 2025-03-10', 0, 0),
    ]);
  });

  it('sums by calendar month with empty months kept, from a month end', () => {
    const days = [
      { day: '2025-01-31', plays: 3, msPlayed: 30 },
      { day: '2025-03-01', plays: 1, msPlayed: 5 },
      { day: '2025-03-31', plays: 2, msPlayed: 7 },
    ];
    expect(buildSeries(days, '2025-01-31', '2025-04-10', 'month')).toEqual([
      point('2025-01-01', '2025-01', 3, 30),
      point('2025-02-01', '2025-02', 0, 0),
      point('2025-03-01', '2025-03', 3, 12),
      point('2025-04-01', '2025-04', 0, 0),
    ]);
  });

  it('starts an all-time series at the first play, not in 2000', () => {
    const days = [
      { day: '2024-11-05', plays: 1, msPlayed: 1 },
      { day: '2025-01-20', plays: 2, msPlayed: 2 },
    ];
    expect(buildSeries(days, '2000-01-01', '2025-02-14', 'month').map((p) => [p.key, p.plays])).toEqual([
      ['2024-11-01', 1],
      ['2024-12-01', 0],
      ['2025-01-01', 2],
      ['2025-02-01', 0],
    ]);
  });

  it('keeps the start of a bounded range that begins before the first play', () => {
    const days = [{ day: '2025-03-03', plays: 1, msPlayed: 1 }];
    expect(buildSeries(days, '2025-03-01', '2025-03-03', 'day').map((p) => p.key)).toEqual(['2025-03-01', '2025-03-02', '2025-03-03']);
  });

  it('is empty when nothing was played', () => {
    expect(buildSeries([], '2025-03-01', '2025-03-31', 'day')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { splitMonths } from '@/lib/month-split';

describe('splitMonths', () => {
  it('cuts a range into partial head, whole months and partial tail', () => {
    expect(splitMonths('2025-11-22', '2026-11-21')).toEqual({
      fromMonth: '2025-12',
      toMonth: '2026-10',
      headTo: '2025-11-30',
      tailFrom: '2026-11-01',
    });
  });

  it('has no head or tail when the range starts and ends on month edges, leap February included', () => {
    expect(splitMonths('2024-01-01', '2024-02-29')).toEqual({ fromMonth: '2024-01', toMonth: '2024-02', headTo: null, tailFrom: null });
    expect(splitMonths('2025-02-01', '2025-02-28')).toEqual({ fromMonth: '2025-02', toMonth: '2025-02', headTo: null, tailFrom: null });
  });

  it('is null when no whole month fits', () => {
    expect(splitMonths('2025-02-02', '2025-02-28')).toBeNull();
    expect(splitMonths('2025-01-15', '2025-02-14')).toBeNull();
    expect(splitMonths('2025-03-31', '2025-04-29')).toBeNull();
  });

  it('crosses years', () => {
    expect(splitMonths('2024-12-31', '2025-02-01')).toEqual({
      fromMonth: '2025-01',
      toMonth: '2025-01',
      headTo: '2024-12-31',
      tailFrom: '2025-02-01',
    });
  });
});

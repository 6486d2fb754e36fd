import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, isValidDay, localDayStartMs, toLocalParts, weekStart } from '@/lib/time';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

describe('toLocalParts', () => {
  it('gives day, hour and Monday-based weekday in each zone', () => {
    const instant = at('2025-03-09T23:30:00Z'); // a Sunday in UTC
    expect(toLocalParts(instant, 'UTC')).toEqual({ day: '2025-03-09', hour: 23, weekday: 6 });
    expect(toLocalParts(instant, 'Europe/Berlin')).toEqual({ day: '2025-03-10', hour: 0, weekday: 0 });
    // New York moved to EDT (UTC-4) that morning.
    expect(toLocalParts(instant, 'America/New_York')).toEqual({ day: '2025-03-09', hour: 19, weekday: 6 });
    expect(toLocalParts(instant, 'Asia/Kolkata')).toEqual({ day: '2025-03-10', hour: 5, weekday: 0 });
  });

  it('lands a play at 23:30 UTC on the next local day in Berlin, winter and summer', () => {
    expect(toLocalParts(at('2025-01-31T23:30:00Z'), 'Europe/Berlin')).toEqual({ day: '2025-02-01', hour: 0, weekday: 5 });
    expect(toLocalParts(at('2025-07-15T23:30:00Z'), 'Europe/Berlin')).toEqual({ day: '2025-07-16', hour: 1, weekday: 2 });
    expect(toLocalParts(at('2025-07-15T21:59:59Z'), 'Europe/Berlin')).toEqual({ day: '2025-07-15', hour: 23, weekday: 1 });
  });

  it('honours the half-hour offset of Kolkata at midnight', () => {
    expect(toLocalParts(at('2025-03-09T18:29:59Z'), 'Asia/Kolkata')).toEqual({ day: '2025-03-09', hour: 23, weekday: 6 });
    expect(toLocalParts(at('2025-03-09T18:30:00Z'), 'Asia/Kolkata')).toEqual({ day: '2025-03-10', hour: 0, weekday: 0 });
  });

  it('skips the lost hour when Berlin springs forward (2025-03-30, 02:00 → 03:00)', () => {
    expect(toLocalParts(at('2025-03-30T00:59:59Z'), 'Europe/Berlin')).toEqual({ day: '2025-03-30', hour: 1, weekday: 6 });
    expect(toLocalParts(at('2025-03-30T01:00:00Z'), 'Europe/Berlin')).toEqual({ day: '2025-03-30', hour: 3, weekday: 6 });
    expect(toLocalParts(at('2025-03-30T22:00:00Z'), 'Europe/Berlin')).toEqual({ day: '2025-03-31', hour: 0, weekday: 0 });
  });

  it('repeats an hour when Berlin falls back (2025-10-26, 03:00 → 02:00)', () => {
    expect(toLocalParts(at('2025-10-26T00:30:00Z'), 'Europe/Berlin')).toEqual({ day: '2025-10-26', hour: 2, weekday: 6 });
    expect(toLocalParts(at('2025-10-26T01:30:00Z'), 'Europe/Berlin')).toEqual({ day: '2025-10-26', hour: 2, weekday: 6 });
    expect(toLocalParts(at('2025-10-26T23:00:00Z'), 'Europe/Berlin')).toEqual({ day: '2025-10-27', hour: 0, weekday: 0 });
  });

  it('follows New York across both of its changes', () => {
    expect(toLocalParts(at('2025-03-09T06:59:00Z'), 'America/New_York')).toEqual({ day: '2025-03-09', hour: 1, weekday: 6 });
    expect(toLocalParts(at('2025-03-09T07:00:00Z'), 'America/New_York')).toEqual({ day: '2025-03-09', hour: 3, weekday: 6 });
    expect(toLocalParts(at('2025-11-02T05:30:00Z'), 'America/New_York')).toEqual({ day: '2025-11-02', hour: 1, weekday: 6 });
    expect(toLocalParts(at('2025-11-02T06:30:00Z'), 'America/New_York')).toEqual({ day: '2025-11-02', hour: 1, weekday: 6 });
    expect(toLocalParts(at('2025-11-03T04:59:59Z'), 'America/New_York')).toEqual({ day: '2025-11-02', hour: 23, weekday: 6 });
  });
});

describe('localDayStartMs', () => {
  it('gives local midnight as an instant, 23- and 25-hour days included', () => {
    const start = (day: string, zone: string) => new Date(localDayStartMs(day, zone)).toISOString();
    expect(start('2025-03-10', 'UTC')).toBe('2025-03-10T00:00:00.000Z');
    expect(start('2025-03-10', 'Asia/Kolkata')).toBe('2025-03-09T18:30:00.000Z');
    expect(start('2025-03-30', 'Europe/Berlin')).toBe('2025-03-29T23:00:00.000Z');
    expect(start('2025-03-31', 'Europe/Berlin')).toBe('2025-03-30T22:00:00.000Z');
    expect(start('2025-10-26', 'Europe/Berlin')).toBe('2025-10-25T22:00:00.000Z');
    expect(start('2025-10-27', 'Europe/Berlin')).toBe('2025-10-26T23:00:00.000Z');
    expect(start('2025-03-09', 'America/New_York')).toBe('2025-03-09T05:00:00.000Z');
    expect(start('2025-11-03', 'America/New_York')).toBe('2025-11-03T05:00:00.000Z');
    const length = (day: string, zone: string) => (localDayStartMs(addDays(day, 1), zone) - localDayStartMs(day, zone)) / HOUR;
    expect([length('2025-03-30', 'Europe/Berlin'), length('2025-10-26', 'Europe/Berlin')]).toEqual([23, 25]);
    expect([length('2025-03-09', 'America/New_York'), length('2025-11-02', 'America/New_York')]).toEqual([23, 25]);
  });

  it('starts a day whose midnight is skipped at the change itself', () => {
    // Santiago and the Azores jump from 00:00 straight to 01:00.
    expect(new Date(localDayStartMs('2024-09-08', 'America/Santiago')).toISOString()).toBe('2024-09-08T04:00:00.000Z');
    expect(toLocalParts(localDayStartMs('2024-09-08', 'America/Santiago'), 'America/Santiago').day).toBe('2024-09-08');
    expect(new Date(localDayStartMs('2025-03-30', 'Atlantic/Azores')).toISOString()).toBe('2025-03-30T01:00:00.000Z');
  });

  it('is the first instant of its local day on every day of two years in several zones', () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'America/Santiago', 'Australia/Sydney'];
    const wrong: string[] = [];
    for (const zone of zones) {
      for (let day = '2024-01-01'; day < '2026-01-01'; day = addDays(day, 1)) {
        const start = localDayStartMs(day, zone);
        if (toLocalParts(start, zone).day !== day || toLocalParts(start - 1, zone).day !== addDays(day, -1)) {
          wrong.push(`${zone} ${day}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('calendar arithmetic', () => {
  it('clamps addMonths to the end of shorter months', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
    expect(addMonths('2025-03-31', -6)).toBe('2024-09-30');
    expect(addMonths('2025-12-15', 1)).toBe('2026-01-15');
    expect(addMonths('2025-01-15', -13)).toBe('2023-12-15');
  });

  it('finds the Monday of the week', () => {
    expect(weekStart('2025-03-09')).toBe('2025-03-03'); // Sunday
    expect(weekStart('2025-03-03')).toBe('2025-03-03'); // Monday
    expect(weekStart('2025-01-01')).toBe('2024-12-30'); // Wednesday, across a year
  });

  it('counts calendar days regardless of DST', () => {
    expect(daysBetween('2025-03-29', '2025-04-01')).toBe(3);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('accepts only real YYYY-MM-DD dates', () => {
    expect(['2024-02-29', '2025-12-31'].map(isValidDay)).toEqual([true, true]);
    expect(['2025-02-29', '2025-04-31', '2025-13-01', '2025-1-01', '20250101', '2025-01-01T00:00', ''].map(isValidDay)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

import { zoneOffsetMs, type LocalParts } from '@/lib/time';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** 1970-01-01 was a Thursday: weekday 3 when Monday is 0. */
const EPOCH_WEEKDAY = 3;

/**
 * toLocalParts for a stream of rows: the zone's offset is looked up once per UTC day (at its
 * first and last millisecond) instead of per row, since an export spreads a few dozen rows
 * over each of thousands of days and Intl is slow. A day whose two ends differ — a change of
 * summer time — falls back to the exact lookup.
 */
export function createLocalParts(timeZone: string): (utcMs: number) => LocalParts {
  const dayOffsets = new Map<number, number | null>();
  const dayNames = new Map<number, string>();
  return (utcMs) => {
    const utcDay = Math.floor(utcMs / DAY_MS);
    let offset = dayOffsets.get(utcDay);
    if (offset === undefined) {
      const first = zoneOffsetMs(utcDay * DAY_MS, timeZone);
      offset = first === zoneOffsetMs(utcDay * DAY_MS + DAY_MS - 1, timeZone) ? first : null;
      dayOffsets.set(utcDay, offset);
    }
    const local = utcMs + (offset ?? zoneOffsetMs(utcMs, timeZone));
    const localDay = Math.floor(local / DAY_MS);
    let day = dayNames.get(localDay);
    if (day === undefined) {
      day = new Date(localDay * DAY_MS).toISOString().slice(0, 10);
      dayNames.set(localDay, day);
    }
    return { day, hour: Math.floor((local - localDay * DAY_MS) / HOUR_MS), weekday: (((localDay + EPOCH_WEEKDAY) % 7) + 7) % 7 };
  };
}

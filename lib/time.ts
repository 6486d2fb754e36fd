/** Local calendar facts of an instant in a time zone. Weekday: 0 = Monday … 6 = Sunday. */
export type LocalParts = { day: string; hour: number; weekday: number };

const DAY_MS = 86_400_000;
const BUCKET_MS = 15 * 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function computeOffsetMs(utcMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(utcMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * Offset of the zone from UTC at an instant. Zone transitions fall on quarter hours, so the
 * offset is cached per 15-minute bucket: Intl is far too slow to call for every imported row.
 */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(utcMs / BUCKET_MS)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    offset = computeOffsetMs(utcMs, timeZone);
    if (offsetCache.size > 200_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

export function toLocalParts(utcMs: number, timeZone: string): LocalParts {
  const local = new Date(utcMs + zoneOffsetMs(utcMs, timeZone));
  return {
    day: local.toISOString().slice(0, 10),
    hour: local.getUTCHours(),
    weekday: (local.getUTCDay() + 6) % 7,
  };
}

/** The UTC instant at which a local calendar day (YYYY-MM-DD) begins in the zone. */
export function localDayStartMs(day: string, timeZone: string): number {
  const naive = Date.parse(`${day}T00:00:00Z`);
  // The offsets a day either side are those on both sides of any change near this midnight.
  // The day starts at the earliest candidate already inside it: where a change skips midnight
  // (Santiago, the Azores: 00:00 → 01:00), that is the change itself.
  const candidates = [naive - zoneOffsetMs(naive - DAY_MS, timeZone), naive - zoneOffsetMs(naive + DAY_MS, timeZone)];
  const inDay = candidates.filter((ms) => toLocalParts(ms, timeZone).day === day);
  return Math.min(...(inDay.length > 0 ? inDay : candidates));
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function addMonths(day: string, months: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  const targetMonth = date.getUTCMonth() + months;
  const result = new Date(Date.UTC(date.getUTCFullYear(), targetMonth, 1));
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return result.toISOString().slice(0, 10);
}

export function daysBetween(fromDay: string, toDay: string): number {
  return Math.round((Date.parse(`${toDay}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / DAY_MS);
}

/** Monday of the ISO week that holds the day. */
export function weekStart(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

export function isValidDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day;
}

import { addDays, addMonths } from './time';

/** A day range as whole local months, plus the days before and after them (null when none). */
export type MonthSplit = { fromMonth: string; toMonth: string; headTo: string | null; tailFrom: string | null };

const monthStart = (day: string) => `${day.slice(0, 8)}01`;

/** The last day of a day's month. */
export const monthEnd = (day: string) => addDays(addMonths(monthStart(day), 1), -1);

/** Whole months inside fromDay..toDay (days as YYYY-MM-DD), or null when there are none. */
export function splitMonths(fromDay: string, toDay: string): MonthSplit | null {
  const firstStart = fromDay === monthStart(fromDay) ? fromDay : addMonths(monthStart(fromDay), 1);
  const lastEnd = monthEnd(toDay) === toDay ? toDay : addDays(monthStart(toDay), -1);
  if (firstStart > lastEnd) return null;
  return {
    fromMonth: firstStart.slice(0, 7),
    toMonth: lastEnd.slice(0, 7),
    headTo: firstStart === fromDay ? null : addDays(firstStart, -1),
    tailFrom: lastEnd === toDay ? null : addDays(lastEnd, 1),
  };
}

/**
 * The months a range's reads may take from the month rollups, and the days before and after
 * them. When no counted play falls after the range (it runs to today), the rest of its last
 * month holds none either, so that month counts as whole: "last 4 weeks" reads this month from
 * the month rollups and only the days of the last one from the plays. `lastPlayDay`: the local
 * day of the latest counted play, null when there is none.
 */
export function monthSplitOf({ fromDay, toDay, lastPlayDay }: { fromDay: string; toDay: string; lastPlayDay: string | null }) {
  const lastPlayIn = lastPlayDay !== null && lastPlayDay <= toDay;
  return splitMonths(fromDay, lastPlayIn ? monthEnd(toDay) : toDay);
}

import type { DayCount } from '@/db/stats/types';
import type { Granularity } from './stats-kinds';
import { addDays, addMonths, weekStart } from './time';

export type SeriesPoint = { key: string; label: string; plays: number; msPlayed: number };

function bucketOf(day: string, granularity: Granularity): string {
  if (granularity === 'week') return weekStart(day);
  if (granularity === 'month') return `${day.slice(0, 7)}-01`;
  return day;
}

function nextBucket(bucket: string, granularity: Granularity): string {
  if (granularity === 'week') return addDays(bucket, 7);
  if (granularity === 'month') return addMonths(bucket, 1);
  return addDays(bucket, 1);
}

function labelOf(bucket: string, granularity: Granularity): string {
  if (granularity === 'month') return bucket.slice(0, 7);
  if (granularity === 'week') return `Week of ${bucket}`;
  return bucket;
}

/**
 * Plays per day, week or month across the whole range, empty buckets included so gaps show.
 * An open-ended start ("all time") begins at the first play instead of the range's start.
 */
export function buildSeries(days: DayCount[], fromDay: string, toDay: string, granularity: Granularity): SeriesPoint[] {
  const first = days[0]?.day;
  const start = first && first > fromDay && fromDay < '2001-01-01' ? first : fromDay;
  const sums = new Map<string, { plays: number; msPlayed: number }>();
  for (const day of days) {
    const bucket = bucketOf(day.day, granularity);
    const sum = sums.get(bucket) ?? { plays: 0, msPlayed: 0 };
    sum.plays += day.plays;
    sum.msPlayed += day.msPlayed;
    sums.set(bucket, sum);
  }
  if (!first) return [];
  const points: SeriesPoint[] = [];
  const last = bucketOf(toDay, granularity);
  for (let bucket = bucketOf(start, granularity); bucket <= last; bucket = nextBucket(bucket, granularity)) {
    const sum = sums.get(bucket) ?? { plays: 0, msPlayed: 0 };
    points.push({ key: bucket, label: labelOf(bucket, granularity), ...sum });
  }
  return points;
}

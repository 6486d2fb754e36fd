/**
 * The sample library's ranges as lib/range.ts toRangeKey hands ranges to the reads: with their
 * chart's granularity and the whole months that the month rollups answer, so these tests read
 * the rollups the pages read. (Without the last-play shortcut: overview.test.ts checks it.)
 */
import { splitMonths } from '@/lib/month-split';
import { granularityFor } from '@/lib/range';
import * as sample from '@/tests/helpers/sample-library';

export function keyed<R extends { fromDay: string; toDay: string; allTime: boolean }>(range: R) {
  return { ...range, granularity: granularityFor(range.fromDay, range.toDay), months: splitMonths(range.fromDay, range.toDay) };
}

export const MARCH = keyed(sample.MARCH);
export const EVERYTHING = keyed(sample.EVERYTHING);
export const ALL_TIME = keyed(sample.ALL_TIME);

import { emptyCounts, type WriteCounts } from '@/db/import/counts';
import type { RowProblem } from './types';

export { addCounts, emptyCounts, type WriteCounts } from '@/db/import/counts';

/**
 * What an import did, file by file and in total; the CLI and the web page show the same.
 * Every row read lands in exactly one count: music rows are plays added, skips added, merged
 * into a stored play or already stored; then podcasts, incognito, rows naming nothing, and
 * the rows of refused files (read before the file was refused, none of them stored).
 */
export type ImportSummary = WriteCounts & {
  files: number;
  refusedRows: number;
  rejected: (RowProblem & { file: string })[];
};

export function emptySummary(): ImportSummary {
  return { files: 0, ...emptyCounts(), refusedRows: 0, rejected: [] };
}

/** A refused file's rows: read, counted, none of them stored. */
export function addRefusedRows(summary: ImportSummary, rows: number): void {
  summary.rowsRead += rows;
  summary.refusedRows += rows;
}

/** The counts a summary's rows read must add up to (a check for tests and the curious). */
export function accountedRows(s: ImportSummary): number {
  return s.playsAdded + s.skipsAdded + s.merged + s.duplicates + s.podcasts + s.incognito + s.unidentified + s.refusedRows;
}

const number = (n: number) => n.toLocaleString('en-US');

function podcastLine(summary: ImportSummary): string {
  const stored = summary.podcasts - summary.podcastsAdded - summary.podcastsMerged;
  const parts = [
    `${number(summary.podcastsAdded)} new`,
    ...(summary.podcastsMerged > 0 ? [`${number(summary.podcastsMerged)} merged`] : []),
    `${number(stored)} already stored`,
  ];
  return `${number(summary.podcasts)} (${parts.join(', ')})`;
}

/** The summary as label/value lines, in the order the issue lists them. */
export function summaryLines(summary: ImportSummary): [string, string][] {
  return [
    ['Files imported', number(summary.files)],
    ['Rows read', number(summary.rowsRead)],
    ['Streams added as plays', number(summary.playsAdded)],
    ['Streams added as skips (under 30 s)', number(summary.skipsAdded)],
    ['Merged with polled or account-data plays', number(summary.merged)],
    ['Already stored', number(summary.duplicates)],
    ['Podcast and audiobook streams', podcastLine(summary)],
    ['Incognito, not stored', number(summary.incognito)],
    ['Without a track or episode', number(summary.unidentified)],
    ['In refused files, not stored', number(summary.refusedRows)],
    ['Refused files', summary.rejected.length === 0 ? 'none' : number(new Set(summary.rejected.map((r) => r.file)).size)],
  ];
}

export function formatProblem(problem: RowProblem & { file: string }): string {
  return `${problem.file}${problem.row === undefined ? '' : `, row ${problem.row}`}: ${problem.reason}`;
}

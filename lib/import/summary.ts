import type { RowProblem } from './types';

/** What an import did, file by file and in total; the CLI and the web page show the same. */
export type ImportSummary = {
  files: number;
  rowsRead: number;
  playsAdded: number;
  skipsAdded: number;
  merged: number;
  duplicates: number;
  podcasts: number;
  podcastsAdded: number;
  incognito: number;
  unidentified: number;
  rejected: (RowProblem & { file: string })[];
};

/** Counts of one written batch or file (no file or rejection bookkeeping). */
export type WriteCounts = Omit<ImportSummary, 'files' | 'rejected'>;

export function emptyCounts(): WriteCounts {
  return { rowsRead: 0, playsAdded: 0, skipsAdded: 0, merged: 0, duplicates: 0, podcasts: 0, podcastsAdded: 0, incognito: 0, unidentified: 0 };
}

export function emptySummary(): ImportSummary {
  return { files: 0, ...emptyCounts(), rejected: [] };
}

export function addCounts<T extends WriteCounts>(into: T, counts: WriteCounts): T {
  for (const key of Object.keys(counts) as (keyof WriteCounts)[]) into[key] += counts[key];
  return into;
}

const number = (n: number) => n.toLocaleString('en-US');

/** The summary as label/value lines, in the order the issue lists them. */
export function summaryLines(summary: ImportSummary): [string, string][] {
  return [
    ['Files imported', number(summary.files)],
    ['Rows read', number(summary.rowsRead)],
    ['Plays added', number(summary.playsAdded)],
    ['Merged with existing plays', number(summary.merged)],
    ['Duplicates skipped', number(summary.duplicates)],
    ['Skips (under 30 s) added', number(summary.skipsAdded)],
    ['Podcast and audiobook streams', `${number(summary.podcasts)} (${number(summary.podcastsAdded)} new)`],
    ['Incognito streams skipped', number(summary.incognito)],
    ['Rows without a track or episode', number(summary.unidentified)],
    ['Rejected', summary.rejected.length === 0 ? 'none' : `${number(new Set(summary.rejected.map((r) => r.file)).size)} file(s)`],
  ];
}

export function formatProblem(problem: RowProblem & { file: string }): string {
  return `${problem.file}${problem.row === undefined ? '' : `, row ${problem.row}`}: ${problem.reason}`;
}

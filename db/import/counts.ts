/**
 * What a written batch or file did to its rows (lib/import/summary.ts adds the files and the
 * refusals around them): every music row lands in exactly one of plays added, skips added,
 * merged or already stored; then podcasts, incognito and rows naming nothing.
 */
export type WriteCounts = {
  rowsRead: number;
  playsAdded: number;
  skipsAdded: number;
  /** Rows written onto a stored play of the same stream: a polled play, or an account-data play an extended row supersedes. */
  merged: number;
  /** Rows whose stream was stored already (an earlier import, or an identical row). */
  duplicates: number;
  podcasts: number;
  podcastsAdded: number;
  /** Account-data podcast streams the extended row of the same stream took over. */
  podcastsMerged: number;
  incognito: number;
  unidentified: number;
};

export function emptyCounts(): WriteCounts {
  return {
    rowsRead: 0,
    playsAdded: 0,
    skipsAdded: 0,
    merged: 0,
    duplicates: 0,
    podcasts: 0,
    podcastsAdded: 0,
    podcastsMerged: 0,
    incognito: 0,
    unidentified: 0,
  };
}

export function addCounts<T extends WriteCounts>(into: T, counts: WriteCounts): T {
  for (const key of Object.keys(counts) as (keyof WriteCounts)[]) into[key] += counts[key];
  return into;
}

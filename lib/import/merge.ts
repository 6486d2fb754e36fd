import type { MusicRow } from './types';

/** A polled play's played_at and the export's ts for the same stream differ by a few seconds. */
export const API_MATCH_MS = 10_000;
/** Account data gives the end to the minute, so a stream may sit a minute either side. */
export const MINUTE_MATCH_MS = 60_000;
/** How far around a batch existing plays must be read to find every possible match. */
export const MATCH_MARGIN_MS = MINUTE_MATCH_MS + API_MATCH_MS;

/**
 * A stored play as the merge sees it. `origin` is where its time came from: 'api' (polled,
 * ms precision), 'second' (extended export) or 'minute' (account data).
 */
export type ExistingPlay = {
  id: number;
  trackId: number;
  lookupKey: string;
  endedAt: number;
  origin: 'api' | 'second' | 'minute';
  /** Exact ms_played known (an export row already merged into a polled play). */
  exact: boolean;
  /** Platform, shuffle and reasons known (an extended row already merged). */
  detailed: boolean;
};

export type IncomingPlay = MusicRow & { trackId: number };

/** A row's artist-and-track lookup key: asked for only when a stored play is near enough in time to be its stream. */
export type LookupKeyOf = (row: MusicRow) => string;

export type MergePlan = {
  inserts: IncomingPlay[];
  /** Polled plays that take the export's exact fields. */
  enrich: { row: IncomingPlay; playId: number }[];
  /** Account-data plays replaced by the extended row of the same stream. */
  supersede: { row: IncomingPlay; playId: number }[];
  duplicates: number;
};

/** (track, end) pairs, keyed by number: building a string per row costs more than the rest. */
class ExactKeys {
  private readonly byEnd = new Map<number, number[]>();

  has(trackId: number, endedAt: number): boolean {
    return this.byEnd.get(endedAt)?.includes(trackId) ?? false;
  }

  add(trackId: number, endedAt: number): void {
    const tracks = this.byEnd.get(endedAt);
    if (tracks) tracks.push(trackId);
    else this.byEnd.set(endedAt, [trackId]);
  }
}

/** How far apart a row and the same stream stored may end, at most (window() is finer). */
const WIDEST_MATCH_MS = Math.max(API_MATCH_MS, MINUTE_MATCH_MS);

/** The difference in time if the row may be the stored play's stream (same track or same names), else null. */
function window(row: IncomingPlay, play: ExistingPlay, rowKey: () => string): number | null {
  const delta = Math.abs(play.endedAt - row.endedAt);
  if (row.precision === 'second' && play.origin === 'api') {
    if (delta > API_MATCH_MS) return null;
  } else if (row.precision === 'second' ? play.origin !== 'minute' : play.origin === 'minute') {
    // Rows of the same generation match only exactly: close repeats of one track are real.
    return null;
  } else if (delta > MINUTE_MATCH_MS) {
    return null;
  }
  return play.trackId === row.trackId || play.lookupKey === rowKey() ? delta : null;
}

/** The first index of `sorted` (stored plays by end) ending at `from` or later. */
function firstFrom(sorted: ExistingPlay[], from: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]!.endedAt < from) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Row/play pairs that may be the same stream: only stored plays near a row in time are
 * compared, and a row's lookup key is built only then (most rows of a bulk import have none).
 */
function candidatePairs(rows: IncomingPlay[], existing: ExistingPlay[], keyOf: LookupKeyOf): { row: number; play: number; delta: number }[] {
  const order = existing.map((_, p) => p).sort((a, b) => existing[a]!.endedAt - existing[b]!.endedAt);
  const sorted = order.map((p) => existing[p]!);
  const pairs: { row: number; play: number; delta: number }[] = [];
  rows.forEach((row, r) => {
    let key: string | undefined;
    const rowKey = () => (key ??= keyOf(row));
    const found: { play: number; delta: number; byTrack: boolean }[] = [];
    for (let i = firstFrom(sorted, row.endedAt - WIDEST_MATCH_MS); i < sorted.length && sorted[i]!.endedAt <= row.endedAt + WIDEST_MATCH_MS; i++) {
      const delta = window(row, sorted[i]!, rowKey);
      if (delta !== null) found.push({ play: order[i]!, delta, byTrack: sorted[i]!.trackId === row.trackId });
    }
    // In the order ties were always broken in: plays of the same track first, then by name, each as read.
    found.sort((a, b) => Number(b.byTrack) - Number(a.byTrack) || a.play - b.play);
    for (const { play, delta } of found) pairs.push({ row: r, play, delta });
  });
  return pairs;
}

/**
 * Decides, for a batch of export rows, which are new plays, which are the same stream as a
 * stored play (merged or superseded) and which were imported before. Exact (track, end)
 * twins are duplicates; otherwise each stored play pairs with at most one row, closest first.
 */
export function planMerge(rows: IncomingPlay[], existing: ExistingPlay[], keyOf: LookupKeyOf): MergePlan {
  const plan: MergePlan = { inserts: [], enrich: [], supersede: [], duplicates: 0 };
  const taken = new ExactKeys();
  for (const play of existing) taken.add(play.trackId, play.endedAt);
  const pending: IncomingPlay[] = [];
  for (const row of rows) {
    if (taken.has(row.trackId, row.endedAt)) plan.duplicates++;
    else pending.push(row);
  }
  const pairs = pending.length > 0 && existing.length > 0 ? candidatePairs(pending, existing, keyOf) : [];
  pairs.sort((a, b) => a.delta - b.delta);
  const usedRows = new Set<number>();
  const usedPlays = new Set<number>();
  for (const pair of pairs) {
    if (usedRows.has(pair.row) || usedPlays.has(pair.play)) continue;
    usedRows.add(pair.row);
    usedPlays.add(pair.play);
    const row = pending[pair.row]!;
    const play = existing[pair.play]!;
    if (row.precision === 'second' && play.origin === 'minute') plan.supersede.push({ row, playId: play.id });
    else if (row.precision === 'second' ? !play.detailed : !play.exact) plan.enrich.push({ row, playId: play.id });
    else plan.duplicates++;
  }
  pending.forEach((row, r) => {
    if (usedRows.has(r)) return;
    if (taken.has(row.trackId, row.endedAt)) plan.duplicates++;
    else {
      taken.add(row.trackId, row.endedAt);
      plan.inserts.push(row);
    }
  });
  return plan;
}

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

export type IncomingPlay = MusicRow & { trackId: number; lookupKey: string };

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

function window(row: IncomingPlay, play: ExistingPlay): number | null {
  const delta = Math.abs(play.endedAt - row.endedAt);
  if (play.trackId !== row.trackId && play.lookupKey !== row.lookupKey) return null;
  if (row.precision === 'second' && play.origin === 'api') return delta <= API_MATCH_MS ? delta : null;
  // Rows of the same generation match only exactly: close repeats of one track are real.
  if (row.precision === 'second' ? play.origin !== 'minute' : play.origin === 'minute') return null;
  return delta <= MINUTE_MATCH_MS ? delta : null;
}

/** Row/play pairs that may be the same stream, found through indexes by track and by name. */
function candidatePairs(rows: IncomingPlay[], existing: ExistingPlay[]): { row: number; play: number; delta: number }[] {
  const byKey = new Map<string, number[]>();
  existing.forEach((play, p) => {
    for (const key of [`t${play.trackId}`, `k${play.lookupKey}`]) {
      const list = byKey.get(key);
      if (list) list.push(p);
      else byKey.set(key, [p]);
    }
  });
  const pairs: { row: number; play: number; delta: number }[] = [];
  rows.forEach((row, r) => {
    const candidates = new Set([...(byKey.get(`t${row.trackId}`) ?? []), ...(byKey.get(`k${row.lookupKey}`) ?? [])]);
    for (const p of candidates) {
      const delta = window(row, existing[p]!);
      if (delta !== null) pairs.push({ row: r, play: p, delta });
    }
  });
  return pairs;
}

/**
 * Decides, for a batch of export rows, which are new plays, which are the same stream as a
 * stored play (merged or superseded) and which were imported before. Exact (track, end)
 * twins are duplicates; otherwise each stored play pairs with at most one row, closest first.
 */
export function planMerge(rows: IncomingPlay[], existing: ExistingPlay[]): MergePlan {
  const plan: MergePlan = { inserts: [], enrich: [], supersede: [], duplicates: 0 };
  const taken = new ExactKeys();
  for (const play of existing) taken.add(play.trackId, play.endedAt);
  const pending: IncomingPlay[] = [];
  for (const row of rows) {
    if (taken.has(row.trackId, row.endedAt)) plan.duplicates++;
    else pending.push(row);
  }
  const pairs = pending.length > 0 && existing.length > 0 ? candidatePairs(pending, existing) : [];
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

import { SAME_PLAY_WINDOW_MS } from '@/lib/plays';
import type { MusicRow } from './types';

/** Account data gives the end to the minute, so a stream may sit a minute either side. */
export const MINUTE_MATCH_MS = 60_000;
/** How far around a batch existing plays must be read to find every possible match. */
export const MATCH_MARGIN_MS = MINUTE_MATCH_MS + SAME_PLAY_WINDOW_MS;

/** What a play stored before stream keys existed says of the export row it came from. */
export type StoredFields = Pick<MusicRow, 'platform' | 'shuffle' | 'skipped' | 'offline' | 'reasonStart' | 'reasonEnd'>;

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
  msPlayed: number;
  /** The export row the play holds; null for a polled play no row merged into, and for plays stored before keys. */
  streamKey: number | null;
  /** Exact ms_played known (an export row already merged into a polled play). */
  exact: boolean;
  /** Platform, shuffle and reasons known (an extended row already merged). */
  detailed: boolean;
  /** Set for a play that holds an export row but no key (stored before keys existed): its row is recognised by these. */
  legacy: StoredFields | null;
};

export type IncomingPlay = MusicRow & { trackId: number };

/** A row's artist-and-track lookup key: asked for only when a stored play is near enough in time to be its stream. */
export type LookupKeyOf = (row: MusicRow) => string;

type Pairing = { row: IncomingPlay; playId: number };

export type MergePlan = {
  inserts: IncomingPlay[];
  /** Polled plays that take the export's exact fields. */
  enrich: Pairing[];
  /** Account-data plays replaced by the extended row of the same stream. */
  supersede: Pairing[];
  /** Plays stored before stream keys existed, recognised by their fields: they take the row's key. */
  claim: Pairing[];
  /** Rows whose stream is stored already (claimed plays included). */
  duplicates: number;
};

type Outcome = 'enrich' | 'supersede' | 'claim' | 'same';

function sameFields(row: IncomingPlay, play: ExistingPlay): boolean {
  const fields = play.legacy;
  return (
    fields !== null &&
    row.msPlayed === play.msPlayed &&
    row.platform === fields.platform &&
    row.shuffle === fields.shuffle &&
    row.skipped === fields.skipped &&
    row.offline === fields.offline &&
    row.reasonStart === fields.reasonStart &&
    row.reasonEnd === fields.reasonEnd
  );
}

/**
 * What the row would be to this stored play if they were the same stream, by their time's
 * precision and what the play already holds; null when they cannot be. Rows of one
 * generation are one stream only by their key (the caller's first check) or, for plays
 * stored before keys, by their end and fields.
 */
function outcome(row: IncomingPlay, play: ExistingPlay, delta: number): Outcome | null {
  if (row.precision === 'second') {
    if (play.origin === 'minute') return delta <= MINUTE_MATCH_MS ? 'supersede' : null;
    if (play.origin === 'api') {
      if (delta > SAME_PLAY_WINDOW_MS) return null;
      if (!play.detailed) return 'enrich';
      return play.streamKey === null && sameFields(row, play) ? 'claim' : null;
    }
    return delta === 0 && play.streamKey === null && sameFields(row, play) ? 'claim' : null;
  }
  if (delta > MINUTE_MATCH_MS) return null;
  if (play.origin === 'second') return 'same';
  if (play.origin === 'api') {
    if (!play.exact) return 'enrich';
    // Exact through an extended row: the account row's stream too. Through another account row: not this one.
    if (play.detailed) return 'same';
    return play.streamKey === null && row.msPlayed === play.msPlayed ? 'claim' : null;
  }
  return delta === 0 && play.streamKey === null && play.legacy !== null && row.msPlayed === play.msPlayed ? 'claim' : null;
}

/** The first index of `sorted` (stored items by end, ascending) ending at `from` or later. */
export function firstEndingFrom(sorted: readonly { endedAt: number }[], from: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]!.endedAt < from) low = middle + 1;
    else high = middle;
  }
  return low;
}

type Pair = { row: number; play: number; delta: number; outcome: Outcome; rank: number[] };

/**
 * The order pairs are taken in. An account-data time says only the minute, so on that side
 * an equal length says more than the distance. Against a polled play the closest row wins,
 * and among equally close rows the longest (an offline session syncs several rows of one
 * track in the same second; the API lists only the play that lasted). Then the play of the
 * row's own track, then the order rows and plays were read in.
 */
function rankOf(row: IncomingPlay, play: ExistingPlay, delta: number, r: number, p: number): number[] {
  const minuteSide = row.precision === 'minute' || play.origin === 'minute';
  const lengthDiffers = minuteSide && row.msPlayed !== play.msPlayed ? 1 : 0;
  return [lengthDiffers, delta, -row.msPlayed, play.trackId === row.trackId ? 0 : 1, p, r];
}

function byRank(a: Pair, b: Pair): number {
  for (let i = 0; i < a.rank.length; i++) if (a.rank[i] !== b.rank[i]) return a.rank[i]! - b.rank[i]!;
  return 0;
}

/**
 * Row/play pairs that may be the same stream: only stored plays near a row in time are
 * compared, and a row's lookup key is built only then (most rows of a bulk import have none).
 */
function candidatePairs(rows: IncomingPlay[], existing: ExistingPlay[], keyOf: LookupKeyOf): Pair[] {
  const order = existing.map((_, p) => p).sort((a, b) => existing[a]!.endedAt - existing[b]!.endedAt);
  const sorted = order.map((p) => existing[p]!);
  const pairs: Pair[] = [];
  rows.forEach((row, r) => {
    let key: string | undefined;
    for (
      let i = firstEndingFrom(sorted, row.endedAt - MINUTE_MATCH_MS);
      i < sorted.length && sorted[i]!.endedAt <= row.endedAt + MINUTE_MATCH_MS;
      i++
    ) {
      const play = sorted[i]!;
      const delta = Math.abs(play.endedAt - row.endedAt);
      const found = outcome(row, play, delta);
      if (found === null || (play.trackId !== row.trackId && play.lookupKey !== (key ??= keyOf(row)))) continue;
      pairs.push({ row: r, play: order[i]!, delta, outcome: found, rank: rankOf(row, play, delta, r, order[i]!) });
    }
  });
  return pairs.sort(byRank);
}

/**
 * The first check of every merge: a row whose key a stored item holds, or an earlier row of the
 * batch, is a stream already stored; the others are left to pair.
 */
export function setAsideStoredStreams<T extends { streamKey: number }>(
  rows: readonly T[],
  stored: readonly { streamKey: number | null }[],
) {
  const keys = new Set<number>();
  for (const item of stored) if (item.streamKey !== null) keys.add(item.streamKey);
  const pending: T[] = [];
  let duplicates = 0;
  for (const row of rows) {
    if (keys.has(row.streamKey)) duplicates++;
    else {
      keys.add(row.streamKey);
      pending.push(row);
    }
  }
  return { pending, duplicates };
}

/**
 * Decides, for a batch of export rows, which are new plays, which are the same stream as a
 * stored play (merged, superseded or recognised) and which were imported before. A row whose
 * key a stored play (or an earlier row) holds is a duplicate; otherwise each stored play
 * pairs with at most one row, in rankOf's order. Rows left over are new streams, each its own
 * play, even when another row of the same track ended in the same second.
 */
export function planMerge(rows: IncomingPlay[], existing: ExistingPlay[], keyOf: LookupKeyOf): MergePlan {
  const plan: MergePlan = { inserts: [], enrich: [], supersede: [], claim: [], duplicates: 0 };
  const { pending, duplicates } = setAsideStoredStreams(rows, existing);
  plan.duplicates = duplicates;
  const pairs = pending.length > 0 && existing.length > 0 ? candidatePairs(pending, existing, keyOf) : [];
  const usedRows = new Set<number>();
  const usedPlays = new Set<number>();
  for (const pair of pairs) {
    if (usedRows.has(pair.row) || usedPlays.has(pair.play)) continue;
    usedRows.add(pair.row);
    usedPlays.add(pair.play);
    const pairing = { row: pending[pair.row]!, playId: existing[pair.play]!.id };
    if (pair.outcome === 'same') plan.duplicates++;
    else {
      if (pair.outcome === 'claim') plan.duplicates++;
      plan[pair.outcome].push(pairing);
    }
  }
  pending.forEach((row, r) => {
    if (!usedRows.has(r)) plan.inserts.push(row);
  });
  return plan;
}

import { describe, expect, it } from 'vitest';
import { API_MATCH_MS, MINUTE_MATCH_MS, planMerge, type ExistingPlay, type IncomingPlay } from '@/lib/import/merge';

const T = Date.UTC(2024, 4, 1, 12);

function row(endedAt: number, trackId: number, precision: 'second' | 'minute' = 'second', name = `Song ${trackId}`): IncomingPlay {
  return {
    kind: 'music', endedAt, precision, msPlayed: 200_000, trackName: name, artistName: 'Band', albumName: null, spotifyTrackId: null,
    platform: null, shuffle: null, skipped: null, offline: null, reasonStart: null, reasonEnd: null, trackId,
  };
}

function stored(id: number, endedAt: number, trackId: number, origin: ExistingPlay['origin'], lookupKey = `band\u001fsong ${trackId}`): ExistingPlay {
  return { id, trackId, lookupKey, endedAt, origin, exact: false, detailed: false };
}

/** Lookup keys as the resolver builds them, counting the rows asked about. */
function keys() {
  const asked: number[] = [];
  const keyOf = (r: { endedAt: number; trackName: string | null }) => {
    asked.push(r.endedAt);
    return `band\u001f${r.trackName!.toLowerCase()}`;
  };
  return { asked, keyOf };
}

describe('planning a merge', () => {
  it('matches a polled play within 10 s, an account-data play within a minute, and nothing beyond', () => {
    const { keyOf } = keys();
    const rows = [row(T, 1), row(T + 3_600_000, 2), row(T + 7_200_000, 3)];
    const existing = [
      stored(10, T + API_MATCH_MS, 1, 'api'),
      stored(11, T + 3_600_000 - MINUTE_MATCH_MS, 2, 'minute'),
      stored(12, T + 7_200_000 + API_MATCH_MS + 1, 3, 'api'),
    ];
    const plan = planMerge(rows, existing, keyOf);
    expect(plan.enrich.map((e) => [e.row.trackId, e.playId])).toEqual([[1, 10]]);
    expect(plan.supersede.map((e) => [e.row.trackId, e.playId])).toEqual([[2, 11]]);
    expect(plan.inserts.map((r) => r.trackId)).toEqual([3]);
  });

  it('matches by name when the track differs, and asks for a row’s key only when a stored play is near in time', () => {
    const { asked, keyOf } = keys();
    const near = row(T, 7, 'second', 'Song 5');
    const far = row(T + 86_400_000, 8, 'second', 'Song 5');
    const plan = planMerge([near, far], [stored(20, T - 30_000, 5, 'minute')], keyOf);
    expect(plan.supersede.map((e) => [e.row.endedAt, e.playId])).toEqual([[T, 20]]);
    expect(plan.inserts).toEqual([far]);
    expect(asked).toEqual([T]);
  });

  it('pairs each stored play with the closest row, and breaks equal distances towards the same track first', () => {
    const { keyOf } = keys();
    // Two account-data plays equally far from one extended row: the one of its own track wins.
    const plan = planMerge([row(T, 1, 'second', 'Song 1')], [stored(30, T - 20_000, 2, 'minute', 'band\u001fsong 1'), stored(31, T + 20_000, 1, 'minute')], keyOf);
    expect(plan.supersede.map((e) => e.playId)).toEqual([31]);
    const closest = planMerge([row(T, 1), row(T + 50_000, 1)], [stored(40, T + 45_000, 1, 'minute')], keyOf);
    expect(closest.supersede.map((e) => e.row.endedAt)).toEqual([T + 50_000]);
    expect(closest.inserts.map((r) => r.endedAt)).toEqual([T]);
  });

  it('keeps exact twins as duplicates and close repeats of one generation as plays', () => {
    const { keyOf } = keys();
    const plan = planMerge([row(T, 1), row(T + 5_000, 1), row(T + 5_000, 1)], [stored(50, T, 1, 'second')], keyOf);
    expect(plan.duplicates).toBe(2);
    expect(plan.inserts.map((r) => r.endedAt)).toEqual([T + 5_000]);
  });
});

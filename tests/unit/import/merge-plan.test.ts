import { describe, expect, it } from 'vitest';
import { MINUTE_MATCH_MS, planMerge, type ExistingPlay, type IncomingPlay } from '@/lib/import/merge';
import { SAME_PLAY_WINDOW_MS } from '@/lib/plays';

const T = Date.UTC(2024, 4, 1, 12);

let lastKey = 0;

/** A row with a key of its own unless given one (rows of the same stream share a key). */
function row(
  endedAt: number,
  trackId: number,
  precision: 'second' | 'minute' = 'second',
  name = `Song ${trackId}`,
  more: Partial<IncomingPlay> = {},
): IncomingPlay {
  return {
    kind: 'music',
    endedAt,
    precision,
    msPlayed: 200_000,
    trackName: name,
    artistName: 'Band',
    albumName: null,
    spotifyTrackId: null,
    platform: null,
    shuffle: null,
    skipped: null,
    offline: null,
    reasonStart: null,
    reasonEnd: null,
    trackId,
    streamKey: ++lastKey,
    ...more,
  };
}

const NO_FIELDS = { platform: null, shuffle: null, skipped: null, offline: null, reasonStart: null, reasonEnd: null };

function stored(
  id: number,
  endedAt: number,
  trackId: number,
  origin: ExistingPlay['origin'],
  lookupKey = `band\u001fsong ${trackId}`,
  more: Partial<ExistingPlay> = {},
): ExistingPlay {
  return {
    id,
    trackId,
    lookupKey,
    endedAt,
    origin,
    msPlayed: 200_000,
    streamKey: origin === 'api' ? null : ++lastKey,
    exact: false,
    detailed: false,
    legacy: null,
    ...more,
  };
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
      stored(10, T + SAME_PLAY_WINDOW_MS, 1, 'api'),
      stored(11, T + 3_600_000 - MINUTE_MATCH_MS, 2, 'minute'),
      stored(12, T + 7_200_000 + SAME_PLAY_WINDOW_MS + 1, 3, 'api'),
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
    const plan = planMerge(
      [row(T, 1, 'second', 'Song 1')],
      [stored(30, T - 20_000, 2, 'minute', 'band\u001fsong 1'), stored(31, T + 20_000, 1, 'minute')],
      keyOf,
    );
    expect(plan.supersede.map((e) => e.playId)).toEqual([31]);
    const closest = planMerge([row(T, 1), row(T + 50_000, 1)], [stored(40, T + 45_000, 1, 'minute')], keyOf);
    expect(closest.supersede.map((e) => e.row.endedAt)).toEqual([T + 50_000]);
    expect(closest.inserts.map((r) => r.endedAt)).toEqual([T]);
  });

  it('keeps rows of a stored key and identical rows as duplicates, and close repeats of one generation as plays', () => {
    const { keyOf } = keys();
    const twin = row(T + 5_000, 1);
    const storedPlay = stored(50, T, 1, 'second');
    const repeat = row(T + 5_000, 1, 'second', 'Song 1', { msPlayed: 199_000 });
    const plan = planMerge(
      [row(T, 1, 'second', 'Song 1', { streamKey: storedPlay.streamKey! }), twin, { ...twin }, repeat],
      [storedPlay],
      keyOf,
    );
    expect(plan.duplicates).toBe(2);
    expect(plan.inserts).toEqual([twin, repeat]);
  });

  it('stores every row of an offline session synced in one second as its own play, the longest merging with the polled play', () => {
    const { keyOf } = keys();
    // Real case: three plays of one track all with ts 14:57:27 (171 s, 87 s, 7 s), each its own offline_timestamp.
    const rows = [171_000, 87_000, 7_000].map((ms) => row(T, 1, 'second', 'Song 1', { msPlayed: ms, offline: true }));
    const plan = planMerge(rows, [stored(60, T + 400, 1, 'api')], keyOf);
    expect(plan.enrich.map((e) => [e.row.msPlayed, e.playId])).toEqual([[171_000, 60]]);
    expect(plan.inserts.map((r) => r.msPlayed)).toEqual([87_000, 7_000]);
    expect(plan.duplicates).toBe(0);
  });

  it('merges a row ending on the very millisecond of a polled play (played_at .000)', () => {
    const { keyOf } = keys();
    const plan = planMerge([row(T, 1)], [stored(61, T, 1, 'api')], keyOf);
    expect(plan.enrich.map((e) => e.playId)).toEqual([61]);
    expect(plan).toMatchObject({ inserts: [], duplicates: 0 });
  });

  it('lets an extended row ending on :00 supersede the account-data play of its minute', () => {
    const { keyOf } = keys();
    const plan = planMerge([row(T, 1)], [stored(62, T, 1, 'minute')], keyOf);
    expect(plan.supersede.map((e) => e.playId)).toEqual([62]);
    expect(plan.duplicates).toBe(0);
  });

  it('pairs account-data rows of one minute with the stored plays of equal length, whatever the distance', () => {
    const { keyOf } = keys();
    // Real case: a 280 ms row and a 244 s row of one track in the same minute.
    const rows = [row(T, 1, 'minute', 'Song 1', { msPlayed: 280 }), row(T, 1, 'minute', 'Song 1', { msPlayed: 244_000 })];
    const existing = [
      stored(70, T + 5_000, 1, 'second', undefined, { msPlayed: 244_000 }),
      stored(71, T + 50_000, 1, 'second', undefined, { msPlayed: 280 }),
    ];
    const plan = planMerge(rows, existing, keyOf);
    expect(plan.duplicates).toBe(2);
    expect(plan.inserts).toEqual([]);
    // And the other way round: each extended row takes over the account-data play of its own length.
    const minutePlays = [
      stored(72, T, 1, 'minute', undefined, { msPlayed: 280 }),
      stored(73, T, 1, 'minute', undefined, { msPlayed: 244_000 }),
    ];
    const extended = [
      row(T + 5_000, 1, 'second', 'Song 1', { msPlayed: 244_000 }),
      row(T + 50_000, 1, 'second', 'Song 1', { msPlayed: 280 }),
    ];
    expect(planMerge(extended, minutePlays, keyOf).supersede.map((e) => [e.row.msPlayed, e.playId])).toEqual([
      [244_000, 73],
      [280, 72],
    ]);
  });

  it('keeps a second account-data row of a minute apart when the polled play already holds another', () => {
    const { keyOf } = keys();
    const polled = stored(80, T + 20_000, 1, 'api', undefined, { exact: true, streamKey: 999_999 });
    const plan = planMerge([row(T, 1, 'minute', 'Song 1', { msPlayed: 280 })], [polled], keyOf);
    expect(plan.inserts.map((r) => r.msPlayed)).toEqual([280]);
  });

  it('recognises plays stored before stream keys by their fields, and stores the twins they lost', () => {
    const { keyOf } = keys();
    const legacy = stored(90, T, 1, 'second', undefined, {
      streamKey: null,
      msPlayed: 171_000,
      legacy: { ...NO_FIELDS, reasonEnd: 'trackdone' },
    });
    const mergedPolled = stored(91, T + 86_400_400, 2, 'api', undefined, {
      exact: true,
      detailed: true,
      msPlayed: 190_000,
      legacy: { ...NO_FIELDS, reasonEnd: 'trackdone' },
    });
    const rows = [
      row(T, 1, 'second', 'Song 1', { msPlayed: 171_000, reasonEnd: 'trackdone' }),
      row(T, 1, 'second', 'Song 1', { msPlayed: 87_000, reasonEnd: 'fwdbtn' }),
      row(T + 86_400_000, 2, 'second', 'Song 2', { msPlayed: 190_000, reasonEnd: 'trackdone' }),
      row(T + 86_400_000, 2, 'second', 'Song 2', { msPlayed: 7_000, reasonEnd: 'endplay' }),
    ];
    const plan = planMerge(rows, [legacy, mergedPolled], keyOf);
    expect(plan.claim.map((c) => [c.row.msPlayed, c.playId])).toEqual([
      [171_000, 90],
      [190_000, 91],
    ]);
    expect(plan.inserts.map((r) => r.msPlayed)).toEqual([87_000, 7_000]);
    expect(plan.duplicates).toBe(2);
  });
});

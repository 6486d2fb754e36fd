import { describe, expect, it } from 'vitest';
import type { QueueKind, QueueKindCount } from '@/db/enrich/queue-stats';
import { describeEta, describeSpan, estimateQueueDone, observeRunInterval, type EstimateInput, type Eta } from '@/lib/enrich/estimate';

const NOW = Date.UTC(2026, 2, 2, 12, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const RUN = 15 * MINUTE;
const RUN_BUDGET = 240_000;

type Counts = Partial<Record<QueueKind, Partial<Omit<QueueKindCount, 'kind'>>>>;

function queueOf(counts: Counts): QueueKindCount[] {
  return (['track_art', 'artist', 'artist_genres', 'track'] as const).map((kind) => ({
    kind,
    total: 0,
    due: 0,
    failing: 0,
    ...counts[kind],
  }));
}

function estimate(counts: Counts, overrides: Partial<EstimateInput> = {}) {
  const result = estimateQueueDone({
    queue: queueOf(counts),
    requests: { poll: 96, enrich: 0 },
    budget: 800,
    now: NOW,
    runBudgetMs: RUN_BUDGET,
    ...overrides,
  });
  const eta = (kind: QueueKind) => result.kinds.find((k) => k.kind === kind)!.eta;
  return { ...result, eta };
}

const inMs = (leftMs: number): Eta => ({ state: 'pending', leftMs, doneAt: NOW + leftMs });

describe('estimateQueueDone', () => {
  it('an empty queue is done, every kind and overall', () => {
    const result = estimate({});
    expect(result.kinds.map((k) => [k.kind, k.eta])).toEqual([
      ['track_art', { state: 'done' }],
      ['artist', { state: 'done' }],
      ['artist_genres', { state: 'done' }],
      ['track', { state: 'done' }],
    ]);
    expect(result.overall).toEqual({ state: 'done' });
  });

  it('artwork costs 250 ms of run time a task, and a run gives its budget every interval', () => {
    // 960 tasks × 250 ms = 240 s: exactly one run's budget; 961 need a second run.
    expect(estimate({ track_art: { total: 960 } }).eta('track_art')).toEqual(inMs(RUN));
    expect(estimate({ track_art: { total: 961 } }).eta('track_art')).toEqual(inMs(2 * RUN));
    expect(estimate({ track_art: { total: 1 } }).kinds[0]!.runTimeMs).toBe(250);
    // 20 000 covers: 5 000 s of run time, 21 runs, about 5 h 15 min at one run per 15 minutes.
    expect(estimate({ track_art: { total: 20_000 } }).eta('track_art')).toEqual(inMs(21 * RUN));
  });

  it('a longer interval between runs stretches the same work: once a day, 21 runs are 21 days', () => {
    expect(estimate({ track_art: { total: 20_000 } }, { runIntervalMs: DAY }).eta('track_art')).toEqual(inMs(21 * DAY));
  });

  it('genres cost 2 s per started hundred artists, and every queued artist picture brings its genre lookup', () => {
    const genres = estimate({ artist_genres: { total: 101 } });
    expect(genres.kinds.find((k) => k.kind === 'artist_genres')).toMatchObject({ tasks: 101, runTimeMs: 4_000 });
    const withArtists = estimate({ artist: { total: 50 }, artist_genres: { total: 60 } });
    expect(withArtists.kinds.find((k) => k.kind === 'artist_genres')).toMatchObject({ tasks: 110, runTimeMs: 4_000 });
    // 12 000 artist genres alone: 120 batches × 2 s = 240 s, one run.
    expect(estimate({ artist_genres: { total: 12_000 } }).eta('artist_genres')).toEqual(inMs(RUN));
  });

  it('the free kinds share the runs and end together', () => {
    // 800 covers (200 s) + 160 pictures (40 s) = 240 s, plus their 160 genre lookups (2 s): two runs.
    const result = estimate({ track_art: { total: 800 }, artist: { total: 160 } });
    expect(result.eta('track_art')).toEqual(inMs(2 * RUN));
    expect(result.eta('artist')).toEqual(inMs(2 * RUN));
    expect(result.eta('artist_genres')).toEqual(inMs(2 * RUN));
    expect(result.overall).toEqual(inMs(2 * RUN));
  });

  it('failing tasks are left out: only failures left means done', () => {
    const result = estimate({ track_art: { total: 5, failing: 5 }, artist_genres: { total: 300, failing: 100 } });
    expect(result.eta('track_art')).toEqual({ state: 'done' });
    expect(result.kinds.find((k) => k.kind === 'artist_genres')).toMatchObject({ tasks: 200, runTimeMs: 4_000 });
  });

  it('track credits within what is left of today are done by the next run', () => {
    const result = estimate({ track: { total: 500 } }, { requests: { poll: 96, enrich: 300 } });
    expect(result.eta('track')).toEqual(inMs(RUN));
  });

  it('track credits beyond today take a day per budget', () => {
    // 300 left today, then 800 a day: 2 500 − 300 = 2 200 → 3 days.
    expect(estimate({ track: { total: 2_500 } }, { requests: { poll: 96, enrich: 500 } }).eta('track')).toEqual(inMs(3 * DAY));
    // 800 left today, then 800: 1 600 is one more day, 1 601 two.
    expect(estimate({ track: { total: 1_600 } }).eta('track')).toEqual(inMs(DAY));
    expect(estimate({ track: { total: 1_601 } }).eta('track')).toEqual(inMs(2 * DAY));
  });

  it('with today’s budget spent, even one track credit waits a day', () => {
    expect(estimate({ track: { total: 1 } }, { requests: { poll: 96, enrich: 800 } }).eta('track')).toEqual(inMs(DAY));
    // More used than the budget (it was lowered since) counts as nothing left.
    expect(estimate({ track: { total: 800 } }, { budget: 400, requests: { poll: 0, enrich: 700 } }).eta('track')).toEqual(inMs(2 * DAY));
  });

  it('with a budget of 0, track credits are never done, and so neither is the queue', () => {
    const result = estimate({ track: { total: 10 }, track_art: { total: 4 } }, { budget: 0 });
    expect(result.eta('track')).toEqual({ state: 'never', reason: 'never, while SPOTIFY_DAILY_BUDGET is 0' });
    expect(result.eta('track_art')).toEqual(inMs(RUN));
    expect(result.overall).toEqual({ state: 'never', reason: 'never, while SPOTIFY_DAILY_BUDGET is 0' });
    // Nothing to do: a budget of 0 does not matter.
    expect(estimate({ track: { total: 3, failing: 3 } }, { budget: 0 }).eta('track')).toEqual({ state: 'done' });
  });

  it('track credits wait out a Spotify pause and a needed reconnect; free work does not', () => {
    const paused = estimate({ track: { total: 10 }, track_art: { total: 10 } }, { pausedUntil: NOW + 5 * HOUR });
    expect(paused.eta('track')).toEqual(inMs(5 * HOUR + RUN));
    expect(paused.eta('track_art')).toEqual(inMs(RUN));
    expect(estimate({ track: { total: 10 } }, { pausedUntil: NOW - HOUR }).eta('track')).toEqual(inMs(RUN));
    const disconnected = estimate({ track: { total: 10 }, artist: { total: 1 } }, { spotifyConnected: false });
    expect(disconnected.eta('track')).toEqual({ state: 'never', reason: 'waits until Spotify is reconnected' });
    expect(disconnected.eta('artist')).toEqual(inMs(RUN));
  });

  it('overall is the latest kind', () => {
    const result = estimate({ track_art: { total: 100 }, track: { total: 2_000 } });
    expect(result.eta('track_art')).toEqual(inMs(RUN));
    expect(result.overall).toEqual(inMs(2 * DAY));
  });
});

describe('observeRunInterval', () => {
  it('is the median gap between runs, whatever their order', () => {
    const starts = [0, 15, 30, 31, 45, 60].map((m) => NOW - m * MINUTE).reverse();
    expect(observeRunInterval(starts)).toBe(15 * MINUTE);
    expect(observeRunInterval([NOW, NOW - DAY, NOW - 2 * DAY, NOW - 3 * DAY])).toBe(DAY);
    expect(observeRunInterval([0, 10, 30, 60].map((m) => m * MINUTE))).toBe(20 * MINUTE);
  });

  it('falls back with fewer than three runs, and stays between 5 minutes and a day', () => {
    expect(observeRunInterval([])).toBe(15 * MINUTE);
    expect(observeRunInterval([NOW, NOW - HOUR], 42)).toBe(42);
    expect(observeRunInterval([0, 1, 2, 3].map((m) => m * MINUTE))).toBe(5 * MINUTE);
    expect(observeRunInterval([0, 3, 6].map((d) => d * DAY))).toBe(DAY);
  });
});

describe('describeSpan and describeEta', () => {
  it('says spans in round figures, coarser as they grow', () => {
    const cases: [number, string][] = [
      [0, 'a few minutes'],
      [9 * MINUTE, 'a few minutes'],
      [15 * MINUTE, 'about 15 minutes'],
      [47 * MINUTE, 'about 45 minutes'],
      [55 * MINUTE, 'about an hour'],
      [5.25 * HOUR, 'about 5 hours'],
      [23 * HOUR, 'about 23 hours'],
      [35 * HOUR, 'about a day'],
      [36 * HOUR, 'about 2 days'],
      [13 * DAY, 'about 13 days'],
      [14 * DAY, 'about 2 weeks'],
      [60 * DAY, 'about 2 months'],
      [300 * DAY, 'about 10 months'],
      [364 * DAY, 'about a year'],
      [400 * DAY, 'about a year'],
      [1_000 * DAY, 'about 3 years'],
    ];
    expect(cases.map(([ms]) => describeSpan(ms))).toEqual(cases.map(([, text]) => text));
  });

  it('adds when, to the quarter hour, the hour or the day', () => {
    expect(describeEta({ state: 'done' }, 'UTC')).toBe('done');
    expect(describeEta({ state: 'never', reason: 'never, while SPOTIFY_DAILY_BUDGET is 0' }, 'UTC')).toBe(
      'never, while SPOTIFY_DAILY_BUDGET is 0',
    );
    expect(describeEta({ state: 'pending', leftMs: 20 * MINUTE, doneAt: NOW + 20 * MINUTE }, 'UTC')).toBe(
      'done in about 20 minutes, by about 2 Mar 2026, 12:15',
    );
    expect(describeEta({ state: 'pending', leftMs: 5.25 * HOUR, doneAt: NOW + 5.25 * HOUR }, 'Europe/Berlin')).toBe(
      'done in about 5 hours, by about 2 Mar 2026, 18:00',
    );
    expect(describeEta({ state: 'pending', leftMs: 3 * DAY, doneAt: NOW + 3 * DAY }, 'UTC')).toBe(
      'done in about 3 days, by about 5 Mar 2026',
    );
  });
});

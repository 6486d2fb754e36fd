import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@/db';
import { readRows } from '@/db/sql';
import { runIngest } from '@/lib/ingest/run';
import { openConnectedDatabase, startFakes } from '@/tests/fakes/harness';
import type { FakeSpotify } from '@/tests/fakes/spotify';
import { buildCatalog } from '@/tests/fakes/spotify-catalog';
import { backToBack, generateTimeline } from '@/tests/fakes/timeline';
import { recomputeRollups, selectTrackStats } from '@/tests/helpers/database';

const QUARTER_HOUR = 15 * 60_000;
const START = Date.UTC(2026, 9, 1);

let fakes: Awaited<ReturnType<typeof startFakes>>;
let spotify: FakeSpotify;
let test: { db: Database; close: () => void };

const stored = () =>
  readRows<{ trackId: string; endedAt: number }>(
    test.db,
    'SELECT t.spotify_id AS trackId, p.ended_at AS endedAt FROM plays p JOIN tracks t ON t.id = p.track_id ORDER BY p.ended_at, t.spotify_id',
  );
const key = (p: { trackId: string; endedAt: number }) => `${p.trackId}@${p.endedAt}`;

/** Polls the fake every 15 minutes of simulated time from `from` to `to`. */
async function poll(from: number, to: number): Promise<{ runs: number; gaps: number }> {
  let runs = 0;
  let gaps = 0;
  for (let now = from; now <= to; now += QUARTER_HOUR) {
    spotify.now = now;
    const result = await runIngest({ db: test.db, trigger: 'cron', budgetMs: 10_000, musicBrainzIntervalMs: 0 });
    expect(['ok', 'no_new_plays']).toContain(result.status);
    if (result.gapDetected) gaps++;
    runs++;
  }
  return { runs, gaps };
}

beforeAll(async () => {
  fakes = await startFakes();
  spotify = fakes.spotify;
  spotify.catalog = buildCatalog(12, 10);
  fakes.musicBrainz.minIntervalMs = 0;
});
afterAll(() => fakes.close());
beforeEach(async () => {
  test = await openConnectedDatabase(spotify);
});
afterEach(() => test.close());

describe('ingestion over time', () => {
  it('captures every play of a month polled every 15 minutes exactly once, through Spotify’s quirks', async () => {
    spotify.plays = generateTimeline(spotify.catalog, { start: START, days: 30, seed: 11 });
    // Re-reports and shuffled items in the second half of the month.
    const { runs, gaps } = await poll(START, START + 15 * 86_400_000);
    spotify.duplicateReports = true;
    spotify.outOfOrder = true;
    const second = await poll(START + 15 * 86_400_000 + QUARTER_HOUR, START + 31 * 86_400_000);
    spotify.duplicateReports = false;
    spotify.outOfOrder = false;
    expect(runs + second.runs).toBe(31 * 96 + 1);
    expect(gaps + second.gaps).toBe(0);
    const plays = await stored();
    expect(plays.length).toBe(spotify.plays.length);
    expect(new Set(plays.map(key))).toEqual(new Set(spotify.plays.map(key)));
    const rollups = await recomputeRollups(test.db);
    expect(await selectTrackStats(test.db)).toEqual(rollups.tracks);
  }, 240_000);

  it('records an 8-hour outage that hid more than 50 plays as a gap, and nothing else is lost', async () => {
    spotify.plays = backToBack(spotify.catalog, 10, START + 3_600_000);
    await poll(START + 3_600_000, START + 2 * 3_600_000);
    const outageEnd = START + 10 * 3_600_000;
    spotify.plays.push(...backToBack(spotify.catalog, 120, outageEnd));
    const { gaps } = await poll(outageEnd, outageEnd + 3_600_000);
    expect(gaps).toBe(1);
    const [gap] = await readRows<{ fromMs: number; toMs: number }>(test.db, 'SELECT from_ms AS fromMs, to_ms AS toMs FROM gaps');
    expect(gap).toEqual({ fromMs: START + 3_600_000, toMs: spotify.plays.at(-50)!.endedAt });
    expect((await stored()).length).toBe(60);
  }, 60_000);
});

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '@/db';
import { getPausedUntil } from '@/db/ingest/runs';
import { readRows } from '@/db/sql';
import { selectSpotifyRequests, takeEnrichmentRequest } from '@/db/ingest/spotify-requests';
import { runIngest } from '@/lib/ingest/run';
import { BudgetSpentError, createRequestMeter } from '@/lib/spotify/budget';
import { openConnectedDatabase, startFakes } from '@/tests/fakes/harness';
import type { FakeSpotify } from '@/tests/fakes/spotify';
import { buildCatalog } from '@/tests/fakes/spotify-catalog';
import { backToBack } from '@/tests/fakes/timeline';
import { importPaths, tempFolder } from '@/tests/unit/import/helpers';

/** The daily enrichment budget of this file's process (getEnv() is read once). */
const BUDGET = 5;
const HOUR = 3_600_000;

let fakes: Awaited<ReturnType<typeof startFakes>>;
let spotify: FakeSpotify;
let test: { db: Database; close: () => void };
const folder = tempFolder();

const ingest = () =>
  runIngest({
    db: test.db,
    trigger: 'cron',
    musicBrainzIntervalMs: 0,
    listenBrainzIntervalMs: 0,
    oEmbedIntervalMs: 0,
    retry: { baseBackoffMs: 5 },
  });
const trackCalls = () => spotify.count('tracks');

/** An export naming every catalogue track once: each is queued for its credits (one budgeted request). */
async function importLibrary(): Promise<void> {
  const rows = [...spotify.catalog.tracks.keys()].map((id, i) =>
    spotify.catalog.exportRow(id, Date.now() - 30 * 86_400_000 + i * 600_000, 200_000),
  );
  await importPaths(test.db, [folder.write('Streaming_History_Audio_2026.json', JSON.stringify(rows))], Date.now());
}

beforeAll(async () => {
  fakes = await startFakes({ SPOTIFY_DAILY_BUDGET: String(BUDGET) });
  spotify = fakes.spotify;
  spotify.catalog = buildCatalog(4, 3);
  fakes.musicBrainz.minIntervalMs = 0;
  fakes.listenBrainz.limit = 1_000_000;
});
afterAll(async () => {
  folder.remove();
  await fakes.close();
});
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Math.floor(Date.now() / HOUR) * HOUR + 60_000);
  spotify.requests = [];
  spotify.dailyQuota = null;
  spotify.plays = backToBack(spotify.catalog, 3, Date.now() - 60_000);
  spotify.now = Date.now();
  test = await openConnectedDatabase(spotify);
  await importLibrary();
});
afterEach(() => {
  test.close();
  vi.useRealTimers();
});

describe('the daily enrichment budget', () => {
  it('holds across runs, as after a restart: what one run spent, the next cannot spend again within 24 hours', async () => {
    expect((await ingest()).status).toBe('ok');
    expect(trackCalls()).toBe(BUDGET);
    // A new run builds its meter afresh: only the database remembers.
    vi.setSystemTime(Date.now() + 23 * HOUR);
    spotify.now = Date.now();
    await ingest();
    expect(trackCalls()).toBe(BUDGET);
    expect(spotify.count('recently-played')).toBe(2);
    vi.setSystemTime(Date.now() + 2 * HOUR);
    spotify.now = Date.now();
    await ingest();
    expect(trackCalls()).toBe(2 * BUDGET);
    expect(await selectSpotifyRequests(test.db, Date.now())).toEqual({ poll: 2, enrich: BUDGET });
  });

  it('is never exceeded by overlapping runs: each request is taken in one statement', async () => {
    const taken = await Promise.all(
      Array.from({ length: 4 * BUDGET }, () => takeEnrichmentRequest(test.db, { at: Date.now(), limit: BUDGET })),
    );
    expect(taken.filter(Boolean)).toHaveLength(BUDGET);
    const meters = [createRequestMeter(test.db, BUDGET), createRequestMeter(test.db, BUDGET)];
    await expect(meters[1]!('enrich')).rejects.toBeInstanceOf(BudgetSpentError);
    // Polling is counted, never refused.
    await Promise.all(meters.map((meter) => meter('poll')));
    expect(await selectSpotifyRequests(test.db, Date.now())).toEqual({ poll: 2, enrich: BUDGET });
  });

  it('lets only one of two overlapping ingest runs work, and both together spend at most the budget', async () => {
    const results = await Promise.all([ingest(), ingest()]);
    expect(results.map((r) => r.status).sort()).toEqual(['busy', 'ok']);
    expect(trackCalls()).toBe(BUDGET);
  });

  it('stores the pause of a quota 429 mid-run, keeps the poll’s plays, and calls nothing until the pause ends', async () => {
    // Spotify's real quota turns out lower than the budget: the poll and two credits pass.
    spotify.dailyQuota = 3;
    const result = await ingest();
    expect(result).toMatchObject({ status: 'ok', playsInserted: 3 });
    expect(trackCalls()).toBe(3);
    const pausedUntil = await getPausedUntil(test.db);
    expect(pausedUntil! - Date.now()).toBeGreaterThan(12 * HOUR);
    expect(await readRows(test.db, "SELECT count(*) AS n FROM plays WHERE source = 'api'")).toEqual([{ n: 3 }]);
    const webApiCalls = () => spotify.requests.filter((r) => r.route !== 'oembed').length;
    const before = webApiCalls();
    expect((await ingest()).status).toBe('paused');
    expect(webApiCalls()).toBe(before);
  });
});

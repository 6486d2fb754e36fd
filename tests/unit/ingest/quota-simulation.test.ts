import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '@/db';
import { readRows } from '@/db/sql';
import { selectSpotifyRequests } from '@/db/ingest/spotify-requests';
import { runIngest, type IngestResult } from '@/lib/ingest/run';
import { openConnectedDatabase, startFakes } from '@/tests/fakes/harness';
import type { FakeSpotify } from '@/tests/fakes/spotify';
import { buildCatalog, type FakeCatalog } from '@/tests/fakes/spotify-catalog';
import { generateTimeline } from '@/tests/fakes/timeline';
import { importPaths, tempFolder } from '@/tests/unit/import/helpers';

/**
 * Three simulated days of a library imported from a 10-year export (20 000 tracks, 6 000
 * artists), polled every 15 minutes against a fake Spotify whose daily quota is 1 000 calls:
 * enrichment must leave polling its share. The clock is Date's alone (timers stay real), moved
 * a quarter of an hour per run; the fake counts its 24 hours on the same clock.
 */
const DAY = 86_400_000;
const QUARTER = 15 * 60_000;
const BUDGET = 800;
const QUOTA = 1_000;
const START = Math.floor(Date.now() / QUARTER) * QUARTER;

let fakes: Awaited<ReturnType<typeof startFakes>>;
let spotify: FakeSpotify;
let test: { db: Database; close: () => void };
const folder = tempFolder();
const runs: { at: number; result: IngestResult }[] = [];
let artworkAfterDayOne: { top: number; withArtwork: number } | null = null;

/** Plays per track, most-played first: a long tail, as real histories have. */
function exportRows(catalog: FakeCatalog): Record<string, unknown>[] {
  let at = START - 400 * DAY;
  return [...catalog.tracks.keys()].flatMap((id, rank) =>
    Array.from({ length: Math.max(1, Math.floor(2_000 / (rank + 1))) }, () => catalog.exportRow(id, (at += 600_000))),
  );
}

const topTracksWithArtwork = async (top: number) => {
  const [row] = await readRows<{ withArtwork: number }>(
    test.db,
    `SELECT count(al.image_url) AS withArtwork FROM (SELECT track_id FROM track_stats ORDER BY plays DESC, track_id LIMIT ?) best
      JOIN tracks t ON t.id = best.track_id LEFT JOIN albums al ON al.id = t.album_id`,
    [top],
  );
  return { top, withArtwork: row!.withArtwork };
};

beforeAll(async () => {
  fakes = await startFakes({ SPOTIFY_DAILY_BUDGET: String(BUDGET) });
  spotify = fakes.spotify;
  spotify.catalog = buildCatalog(6_000, 3);
  for (let a = 0; a < 2_000; a++) {
    const artistId = `artist${String(a).padStart(18, '0')}`;
    spotify.catalog.addTrack({
      id: `track${String(a * 1000 + 3).padStart(17, '0')}`,
      name: `Song ${a}.3`,
      durationMs: 200_000,
      artistIds: [artistId],
      album: {
        id: `album${String(a * 10).padStart(17, '0')}`,
        name: `Album ${a}.0`,
        artistId,
        imageUrl: `https://i.scdn.co/image/album-${a}-0`,
      },
    });
  }
  spotify.dailyQuota = QUOTA;
  fakes.musicBrainz.minIntervalMs = 0;
  fakes.listenBrainz.limit = 1_000_000;
  test = await openConnectedDatabase(spotify);
  const file = folder.write('Streaming_History_Audio_2016-2026.json', JSON.stringify(exportRows(spotify.catalog)));
  await importPaths(test.db, [file], START);
  spotify.plays = generateTimeline(spotify.catalog, { start: START, days: 3, seed: 11 });

  vi.useFakeTimers({ toFake: ['Date'] });
  for (let at = START + QUARTER; at <= START + 3 * DAY; at += QUARTER) {
    vi.setSystemTime(at);
    spotify.now = at;
    runs.push({
      at,
      result: await runIngest({
        db: test.db,
        trigger: 'cron',
        musicBrainzIntervalMs: 0,
        listenBrainzIntervalMs: 0,
        oEmbedIntervalMs: 0,
        retry: { baseBackoffMs: 5 },
      }),
    });
    if (at === START + DAY) artworkAfterDayOne = await topTracksWithArtwork(200);
  }
}, 600_000);

afterAll(async () => {
  vi.useRealTimers();
  test.close();
  folder.remove();
  await fakes.close();
});

describe('three days of polling a 20 000-track library under a 1 000-call daily quota', () => {
  it('never has a poll refused for quota, and stores every play', async () => {
    expect(spotify.quotaRefusals).toBe(0);
    expect(runs.filter((run) => !['ok', 'no_new_plays'].includes(run.result.status))).toEqual([]);
    const stored = await readRows<{ spotifyId: string; endedAt: number }>(
      test.db,
      "SELECT t.spotify_id AS spotifyId, p.ended_at AS endedAt FROM plays p JOIN tracks t ON t.id = p.track_id WHERE p.source = 'api' ORDER BY p.ended_at",
    );
    const played = spotify.plays.filter((p) => p.endedAt <= START + 3 * DAY).map((p) => ({ spotifyId: p.trackId, endedAt: p.endedAt }));
    expect(played.length).toBeGreaterThan(40);
    expect(stored).toEqual(played);
  });

  it('spends at most the enrichment budget in any 24 hours, counted alike by the fake and the database', async () => {
    const enrichCalls = spotify.requests.filter((r) => r.route === 'tracks' || r.route === 'artists');
    for (let from = START; from < START + 3 * DAY; from += QUARTER) {
      const inWindow = enrichCalls.filter((r) => r.at > from && r.at <= from + DAY).length;
      expect(inWindow).toBeLessThanOrEqual(BUDGET);
    }
    // The budget was used, not just respected: about a day's worth each day.
    expect(enrichCalls.length).toBeGreaterThanOrEqual(2 * BUDGET);
    const counted = await selectSpotifyRequests(test.db, START + 3 * DAY);
    const windowStart = (Math.floor((START + 3 * DAY) / 3_600_000) - 24) * 3_600_000;
    expect(counted.enrich).toBe(enrichCalls.filter((r) => r.at >= windowStart).length);
  });

  it('gives the 200 most played tracks their artwork within the first day, with no Web API call for it', () => {
    expect(artworkAfterDayOne).toEqual({ top: 200, withArtwork: 200 });
    expect(spotify.count('oembed')).toBeGreaterThanOrEqual(20_000);
  });
});

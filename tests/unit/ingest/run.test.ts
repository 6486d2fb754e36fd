import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@/db';
import { readRows } from '@/db/sql';
import { runIngest, type IngestOptions } from '@/lib/ingest/run';
import { toLocalParts } from '@/lib/time';
import { openConnectedDatabase, startFakes } from '@/tests/fakes/harness';
import type { FakeMusicBrainz } from '@/tests/fakes/musicbrainz';
import type { FakeSpotify } from '@/tests/fakes/spotify';
import { buildCatalog } from '@/tests/fakes/spotify-catalog';
import { backToBack } from '@/tests/fakes/timeline';
import { recomputeRollups, selectDayHourStats, selectTrackStats } from '@/tests/helpers/database';

let fakes: Awaited<ReturnType<typeof startFakes>>;
let spotify: FakeSpotify;
let musicBrainz: FakeMusicBrainz;
let test: { db: Database; close: () => void };

const ingest = (options: Partial<IngestOptions> = {}) =>
  runIngest({ db: test.db, trigger: 'cli', musicBrainzIntervalMs: 0, retry: { baseBackoffMs: 20 }, budgetMs: 30_000, ...options });

type StoredPlay = {
  trackSpotifyId: string;
  endedAt: number;
  msPlayed: number;
  source: string;
  counted: number;
  estimated: number;
  localDay: string;
  localHour: number;
};
const storedPlays = () =>
  readRows<StoredPlay>(
    test.db,
    `SELECT t.spotify_id AS trackSpotifyId, p.ended_at AS endedAt, p.ms_played AS msPlayed, p.source, p.counted,
      p.ms_played_estimated AS estimated, p.local_day AS localDay, p.local_hour AS localHour FROM plays p JOIN tracks t ON t.id = p.track_id ORDER BY p.ended_at`,
  );

beforeAll(async () => {
  fakes = await startFakes();
  ({ spotify, musicBrainz } = fakes);
  spotify.catalog = buildCatalog(6, 8);
  musicBrainz.minIntervalMs = 0;
});
afterAll(() => fakes.close());
beforeEach(async () => {
  spotify.plays = [];
  spotify.faults = [];
  spotify.duplicateReports = false;
  spotify.outOfOrder = false;
  test = await openConnectedDatabase(spotify);
});
afterEach(() => test.close());

describe('runIngest', () => {
  it('stores new plays once with estimated listening time, local times and catalogue, then writes nothing', async () => {
    const end = Date.UTC(2026, 10, 20, 22, 30);
    spotify.plays = backToBack(spotify.catalog, 10, end);
    spotify.plays[5]!.endedAt = spotify.plays[4]!.endedAt + 40_000;
    spotify.now = end + 60_000;
    let changed = 0;
    const first = await ingest({ onDataChanged: () => void changed++ });
    expect(first).toMatchObject({ status: 'ok', playsFetched: 10, playsInserted: 10, gapDetected: false });
    expect(changed).toBe(1);
    const plays = await storedPlays();
    expect(plays).toHaveLength(10);
    expect(plays.map((p) => p.endedAt)).toEqual(spotify.plays.map((p) => p.endedAt));
    expect(plays[5]!.msPlayed).toBe(40_000);
    expect(plays[0]!.msPlayed).toBe(spotify.catalog.tracks.get(plays[0]!.trackSpotifyId)!.durationMs);
    for (const play of plays) {
      expect(play).toMatchObject({ source: 'api', counted: 1, estimated: 1 });
      const local = toLocalParts(play.endedAt, 'Europe/Berlin');
      expect([play.localDay, play.localHour]).toEqual([local.day, local.hour]);
    }
    const artists = await readRows<{ imageUrl: string | null }>(test.db, 'SELECT image_url AS imageUrl FROM artists');
    expect(artists.length).toBeGreaterThanOrEqual(2);
    expect(artists.every((a) => a.imageUrl?.startsWith('https://i.scdn.co/image/artist-'))).toBe(true);
    const rollups = await recomputeRollups(test.db);
    expect(await selectTrackStats(test.db)).toEqual(rollups.tracks);
    expect(await selectDayHourStats(test.db)).toEqual(rollups.dayHour.filter((d) => d.plays > 0 || d.skips > 0));
    const [artistPlays] = await readRows<{ n: number }>(test.db, 'SELECT sum(plays) AS n FROM artist_stats');
    expect(artistPlays!.n).toBeGreaterThanOrEqual(10);

    const snapshot = () =>
      Promise.all(
        [
          'settings',
          'alerts',
          'enrichment_queue',
          'artists',
          'albums',
          'tracks',
          'track_artists',
          'plays',
          'artist_stats',
          'gaps',
          'spotify_accounts',
        ].map((table) => readRows(test.db, `SELECT * FROM ${table}`)),
      );
    const before = await snapshot();
    const second = await ingest({ onDataChanged: () => void changed++ });
    expect(await snapshot()).toEqual(before);
    expect(second).toMatchObject({ status: 'no_new_plays', playsFetched: 10, playsInserted: 0, enriched: 0 });
    expect(changed).toBe(1);
    const runs = await readRows<{ status: string; playsInserted: number }>(
      test.db,
      'SELECT status, plays_inserted AS playsInserted FROM ingest_runs ORDER BY id',
    );
    expect(runs).toEqual([
      { status: 'ok', playsInserted: 10 },
      { status: 'no_new_plays', playsInserted: 0 },
    ]);
  });

  it('merges re-reported and out-of-order items but keeps genuine back-to-back repeats', async () => {
    const end = Date.UTC(2026, 10, 20, 12, 0);
    const trackId = [...spotify.catalog.tracks.keys()][0]!;
    const duration = spotify.catalog.tracks.get(trackId)!.durationMs;
    spotify.plays = [
      { trackId, endedAt: end - 2 * duration },
      { trackId, endedAt: end - duration },
      { trackId, endedAt: end - duration + 35_000 },
      ...backToBack(spotify.catalog, 5, end - 2 * duration - 1_000),
    ];
    spotify.now = end;
    spotify.duplicateReports = true;
    spotify.outOfOrder = true;
    const result = await ingest();
    expect(result.playsInserted).toBe(8);
    // The same play re-reported in a later poll with a played_at 3 s off.
    spotify.plays.push({ trackId, endedAt: end - duration + 38_000 });
    spotify.now = end + 200_000;
    spotify.duplicateReports = false;
    expect((await ingest()).playsInserted).toBe(0);
    const plays = await storedPlays();
    expect(plays.filter((p) => p.trackSpotifyId === trackId).map((p) => p.endedAt)).toEqual(
      [end - 2 * duration, end - duration, end - duration + 35_000]
        .concat(
          backToBack(spotify.catalog, 5, end - 2 * duration - 1_000)
            .filter((p) => p.trackId === trackId)
            .map((p) => p.endedAt),
        )
        .sort((a, b) => a - b),
    );
    expect(plays).toHaveLength(8);
  });

  it('records a gap when a full page of plays is all new and starts after the newest stored play', async () => {
    const start = Date.UTC(2026, 10, 1, 8, 0);
    spotify.plays = backToBack(spotify.catalog, 5, start);
    spotify.now = start + 1_000;
    expect((await ingest()).gapDetected).toBe(false);
    spotify.plays.push(...backToBack(spotify.catalog, 70, start + 8 * 3_600_000));
    spotify.now = start + 8 * 3_600_000 + 1_000;
    const result = await ingest();
    expect(result).toMatchObject({ status: 'ok', playsFetched: 50, playsInserted: 50, gapDetected: true });
    const gaps = await readRows<{ fromMs: number; toMs: number; closedAt: number | null }>(
      test.db,
      'SELECT from_ms AS fromMs, to_ms AS toMs, closed_at AS closedAt FROM gaps',
    );
    expect(gaps).toEqual([{ fromMs: start, toMs: spotify.plays.at(-50)!.endedAt, closedAt: null }]);
  });
});

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@/db';
import { REBUILD_ENTITY_STATS } from '@/db/rollups';
import { readRows } from '@/db/sql';
import { runIngest } from '@/lib/ingest/run';
import { trackLookupKey } from '@/lib/names';
import { openConnectedDatabase, startFakes } from '@/tests/fakes/harness';
import type { FakeSpotify } from '@/tests/fakes/spotify';
import { buildCatalog } from '@/tests/fakes/spotify-catalog';

let fakes: Awaited<ReturnType<typeof startFakes>>;
let spotify: FakeSpotify;
let test: { db: Database; close: () => void };
const TRACK = (a: number, t: number) => `track${String(a * 1000 + t).padStart(17, '0')}`;
const DAY = Date.UTC(2025, 5, 1);

/** What an export import leaves: a name-only artist and album, tracks with Spotify ids, plays, queued tasks. */
async function seedImportedTracks(db: Database, secondDueAt: number): Promise<void> {
  await db.$client.batch(
    [
      "INSERT INTO artists (id, name, name_key) VALUES (100, 'Artist 0', 'artist 0')",
      "INSERT INTO albums (id, name, name_key, artist_id) VALUES (200, 'Album 0.0', 'album 0.0', 100)",
      {
        sql: "INSERT INTO tracks (id, spotify_id, name, lookup_key, album_id) VALUES (1, ?, 'Song 0.0', ?, 200)",
        args: [TRACK(0, 0), trackLookupKey('Artist 0', 'Song 0.0')],
      },
      {
        sql: "INSERT INTO tracks (id, spotify_id, name, lookup_key, album_id) VALUES (2, ?, 'Song 0.3', ?, 200)",
        args: [TRACK(0, 3), trackLookupKey('Artist 0', 'Song 0.3')],
      },
      'INSERT INTO track_artists (track_id, artist_id, position) VALUES (1, 100, 0), (2, 100, 0)',
      ...[0, 1, 2, 3, 4].map((i) => ({
        sql: `INSERT INTO plays (ended_at, track_id, ms_played, ms_played_estimated, source, counted, local_day, local_hour, local_weekday)
          VALUES (?, ?, 200000, 0, 'export', 1, '2025-06-01', ?, 6)`,
        args: [DAY + i * 3_600_000, i < 3 ? 1 : 2, i],
      })),
      {
        sql: "INSERT INTO enrichment_queue (kind, target_id, next_attempt_at, created_at) VALUES ('track', 1, 0, 0), ('track', 2, ?, 0)",
        args: [secondDueAt],
      },
      ...REBUILD_ENTITY_STATS,
    ],
    'write',
  );
}

const artistPlays = () =>
  readRows<{ name: string; spotifyId: string | null; plays: number }>(
    test.db,
    'SELECT a.name, a.spotify_id AS spotifyId, coalesce(s.plays, 0) AS plays FROM artists a LEFT JOIN artist_stats s ON s.id = a.id ORDER BY a.name, a.id',
  );
const trackRows = () =>
  readRows<{ id: number; albumSpotifyId: string | null; durationMs: number | null; credits: string; plays: number }>(
    test.db,
    `SELECT t.id, al.spotify_id AS albumSpotifyId, t.duration_ms AS durationMs, ts.plays,
      (SELECT group_concat(a.name, '+') FROM (SELECT a.name FROM track_artists ta JOIN artists a ON a.id = ta.artist_id WHERE ta.track_id = t.id ORDER BY ta.position) a) AS credits
      FROM tracks t LEFT JOIN albums al ON al.id = t.album_id JOIN track_stats ts ON ts.track_id = t.id ORDER BY t.id`,
  );

beforeAll(async () => {
  fakes = await startFakes();
  spotify = fakes.spotify;
  spotify.catalog = buildCatalog(3, 4);
  fakes.musicBrainz.minIntervalMs = 0;
});
afterAll(() => fakes.close());
beforeEach(async () => {
  spotify.plays = [];
  test = await openConnectedDatabase(spotify);
});
afterEach(() => test.close());

describe('track resolution', () => {
  it('gives imported tracks their real credits, album and duration, merging the name-only artist once its last track is resolved', async () => {
    await seedImportedTracks(test.db, Date.now() + 3_600_000);
    await runIngest({ db: test.db, trigger: 'cron', budgetMs: 20_000, musicBrainzIntervalMs: 0 });
    expect(spotify.count('tracks')).toBe(1);
    // Track 2 is still credited to the name-only artist: it stays, with its own plays.
    expect(await artistPlays()).toEqual([
      { name: 'Artist 0', spotifyId: null, plays: 2 },
      { name: 'Artist 0', spotifyId: `artist${'0'.repeat(18)}`, plays: 3 },
    ]);

    await test.db.$client.execute("UPDATE enrichment_queue SET next_attempt_at = 0 WHERE kind = 'track'");
    const result = await runIngest({ db: test.db, trigger: 'cron', budgetMs: 20_000, musicBrainzIntervalMs: 0 });
    expect(result.status).toBe('no_new_plays');
    expect(await trackRows()).toEqual([
      {
        id: 1,
        albumSpotifyId: `album${'0'.repeat(17)}`,
        durationMs: spotify.catalog.tracks.get(TRACK(0, 0))!.durationMs,
        credits: 'Artist 0',
        plays: 3,
      },
      {
        id: 2,
        albumSpotifyId: `album${String(1).padStart(17, '0')}`,
        durationMs: spotify.catalog.tracks.get(TRACK(0, 3))!.durationMs,
        credits: 'Artist 0+Artist 1',
        plays: 2,
      },
    ]);
    expect(await artistPlays()).toEqual([
      { name: 'Artist 0', spotifyId: `artist${'0'.repeat(18)}`, plays: 5 },
      { name: 'Artist 1', spotifyId: `artist${String(1).padStart(18, '0')}`, plays: 2 },
    ]);
    expect(await readRows(test.db, 'SELECT count(*) AS n FROM albums WHERE spotify_id IS NULL')).toEqual([{ n: 0 }]);
    expect(await readRows(test.db, 'SELECT count(*) AS n, sum(counted) AS counted FROM plays')).toEqual([{ n: 5, counted: 5 }]);
    expect(await readRows(test.db, "SELECT count(*) AS n FROM enrichment_queue WHERE kind = 'track'")).toEqual([{ n: 0 }]);
  });

  it('merges a track known only by name into the known track with the same artist and title, keeping every play', async () => {
    spotify.plays = [{ trackId: TRACK(0, 0), endedAt: DAY + 10 * 3_600_000 }];
    spotify.now = DAY + 11 * 3_600_000;
    await runIngest({ db: test.db, trigger: 'cron', budgetMs: 20_000, musicBrainzIntervalMs: 0 });
    await test.db.$client.batch(
      [
        "INSERT INTO artists (id, name, name_key) VALUES (100, 'ARTIST 0', 'artist 0')",
        {
          sql: "INSERT INTO tracks (id, name, lookup_key) VALUES (50, 'Song 0.0', ?), (51, 'Unknown', ?)",
          args: [trackLookupKey('Artist 0', 'Song 0.0'), trackLookupKey('Nobody', 'Unknown')],
        },
        'INSERT INTO track_artists (track_id, artist_id, position) VALUES (50, 100, 0), (51, 100, 0)',
        ...[0, 1].map((i) => ({
          sql: `INSERT INTO plays (ended_at, track_id, ms_played, ms_played_estimated, source, counted, local_day, local_hour, local_weekday)
            VALUES (?, ?, 200000, 0, 'export', 1, '2025-06-01', ?, 6)`,
          args: [DAY + i * 3_600_000, 50 + i, i],
        })),
        "INSERT INTO enrichment_queue (kind, target_id, next_attempt_at, created_at) VALUES ('track', 50, 0, 0), ('track', 51, 0, 0)",
        ...REBUILD_ENTITY_STATS,
      ],
      'write',
    );
    await runIngest({ db: test.db, trigger: 'cron', budgetMs: 20_000, musicBrainzIntervalMs: 0 });
    const tracks = await readRows<{ id: number; spotifyId: string | null; plays: number }>(
      test.db,
      'SELECT t.id, t.spotify_id AS spotifyId, s.plays FROM tracks t JOIN track_stats s ON s.track_id = t.id ORDER BY t.id',
    );
    expect(tracks).toEqual([
      { id: 1, spotifyId: TRACK(0, 0), plays: 2 },
      { id: 51, spotifyId: null, plays: 1 },
    ]);
    expect(await readRows(test.db, 'SELECT count(*) AS n FROM plays')).toEqual([{ n: 3 }]);
    const [unmatched] = await readRows<{ nextAttemptAt: number }>(
      test.db,
      "SELECT next_attempt_at AS nextAttemptAt FROM enrichment_queue WHERE kind = 'track'",
    );
    expect(unmatched!.nextAttemptAt).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    // The name-only artist still credits the unmatched track, so it stays.
    expect((await artistPlays()).map((a) => [a.name, a.spotifyId === null, a.plays])).toEqual([
      ['ARTIST 0', true, 1],
      ['Artist 0', false, 2],
    ]);
  });
});

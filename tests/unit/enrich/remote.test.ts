import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '@libsql/client';
import { createDatabase } from '@/db';
import { saveGenreOutcome } from '@/db/enrich/genres';
import { applyResolvedTracks, mergeNameOnlyTrack } from '@/db/enrich/track-resolution';
import { REBUILD_ENTITY_STATS } from '@/db/rollups';
import { readRows } from '@/db/sql';
import { trackLookupKey } from '@/lib/names';
import { mapTrack } from '@/lib/spotify/map';
import type { SpotifyTrack } from '@/lib/spotify/types';
import { buildCatalog } from '@/tests/fakes/spotify-catalog';
import { openTestDatabase, recomputeRollups, selectTrackStats, type TestDatabase } from '@/tests/helpers/database';

/**
 * Enrichment's writes against the stand-in for hosted libSQL (tests/fakes/libsql-server.ts),
 * whatever TEST_DATABASE says: each is one batch of reads and one of writes (or one batch),
 * however many items, and no stream stays open.
 */
let test: TestDatabase;
const catalog = buildCatalog(3, 4);
const TRACK = (a: number, t: number) => `track${String(a * 1000 + t).padStart(17, '0')}`;
const DAY = Date.UTC(2025, 5, 1);
const server = () => test.server!;
const mapped = (id: string) => mapTrack(catalog.trackJson(id) as SpotifyTrack)!;

beforeEach(async () => {
  test = await openTestDatabase({ remote: true, latencyMs: 2 });
});
afterEach(() => test.close());

const play = (i: number, trackId: number) => ({
  sql: `INSERT INTO plays (ended_at, track_id, ms_played, ms_played_estimated, source, counted, local_day, local_hour, local_weekday)
    VALUES (?, ?, 200000, 0, 'export', 1, '2025-06-01', ?, 6)`,
  args: [DAY + i * 3_600_000, trackId, i],
});

/** What an export import leaves: a name-only artist and album, two tracks with Spotify ids, plays, their tasks. */
async function seedImportedTracks(): Promise<void> {
  await test.db.$client.batch(
    [
      "INSERT INTO artists (id, name, name_key) VALUES (100, 'Artist 0', 'artist 0')",
      "INSERT INTO albums (id, name, name_key, artist_id) VALUES (200, 'Album 0.0', 'album 0.0', 100)",
      {
        sql: "INSERT INTO tracks (id, spotify_id, name, lookup_key, album_id) VALUES (1, ?, 'Song 0.0', ?, 200), (2, ?, 'Song 0.3', ?, 200)",
        args: [TRACK(0, 0), trackLookupKey('Artist 0', 'Song 0.0'), TRACK(0, 3), trackLookupKey('Artist 0', 'Song 0.3')],
      },
      'INSERT INTO track_artists (track_id, artist_id, position) VALUES (1, 100, 0), (2, 100, 0)',
      ...[0, 1, 2, 3, 4].map((i) => play(i, i < 3 ? 1 : 2)),
      "INSERT INTO enrichment_queue (id, kind, target_id, next_attempt_at, created_at) VALUES (7, 'track', 1, 0, 0), (8, 'track', 2, 0, 0)",
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

async function expectResolved(): Promise<void> {
  expect(await artistPlays()).toEqual([
    { name: 'Artist 0', spotifyId: `artist${'0'.repeat(18)}`, plays: 5 },
    { name: 'Artist 1', spotifyId: `artist${'1'.padStart(18, '0')}`, plays: 2 },
  ]);
  const tracks = await readRows(
    test.db,
    `SELECT t.id, al.spotify_id AS album, t.duration_ms AS durationMs,
      (SELECT group_concat(artist_id, '+') FROM (SELECT artist_id FROM track_artists WHERE track_id = t.id ORDER BY position)) AS credits
      FROM tracks t LEFT JOIN albums al ON al.id = t.album_id ORDER BY t.id`,
  );
  const [artist0, artist1] = await readRows<{ id: number }>(test.db, 'SELECT id FROM artists ORDER BY spotify_id');
  expect(tracks).toEqual([
    { id: 1, album: `album${'0'.padStart(17, '0')}`, durationMs: catalog.tracks.get(TRACK(0, 0))!.durationMs, credits: `${artist0!.id}` },
    {
      id: 2,
      album: `album${'1'.padStart(17, '0')}`,
      durationMs: catalog.tracks.get(TRACK(0, 3))!.durationMs,
      credits: `${artist0!.id}+${artist1!.id}`,
    },
  ]);
  expect(await readRows(test.db, 'SELECT count(*) AS n FROM albums WHERE spotify_id IS NULL')).toEqual([{ n: 0 }]);
  expect(await readRows(test.db, 'SELECT kind, target_id AS targetId FROM enrichment_queue ORDER BY kind, target_id')).toEqual([
    { kind: 'artist', targetId: artist0!.id },
    { kind: 'artist', targetId: artist1!.id },
  ]);
  expect(await selectTrackStats(test.db)).toEqual((await recomputeRollups(test.db)).tracks);
}

const resolved = () => [
  { trackId: 1, taskId: 7, track: mapped(TRACK(0, 0)) },
  { trackId: 2, taskId: 8, track: mapped(TRACK(0, 3)) },
];

describe('enrichment writes into a remote database', () => {
  it('resolves a batch of tracks in one batch of reads and one of writes, merging the name-only artist and album', async () => {
    await seedImportedTracks();
    server().reset();
    await applyResolvedTracks(test.db, resolved(), DAY);
    expect(server().stats.perRequest.map((r) => r.requests.at(-1))).toEqual(['close', 'close']);
    expect(server().stats.perRequest[0]!.rowsWritten).toBe(0);
    expect(server().openStreams()).toBe(0);
    await expectResolved();
  });

  it('plans the resolution again from fresh reads when another writer takes the ids it planned', async () => {
    await seedImportedTracks();
    const client = test.db.$client;
    const batch = client.batch.bind(client);
    const other = createDatabase(server().url);
    let raced = false;
    client.batch = (async (statements, mode) => {
      if (mode === 'write' && !raced) {
        raced = true;
        await other.$client.execute("INSERT INTO albums (spotify_id, name, name_key) VALUES ('album-elsewhere', 'Elsewhere', 'elsewhere')");
      }
      return batch(statements, mode);
    }) as Client['batch'];
    server().reset();
    try {
      await applyResolvedTracks(test.db, resolved(), DAY);
    } finally {
      client.batch = batch;
      other.$client.close();
    }
    expect(server().stats.perRequest.filter((r) => r.requests.includes('batch'))).toHaveLength(4);
    expect(await readRows(test.db, "SELECT id FROM albums WHERE name = 'Elsewhere'")).toEqual([{ id: 201 }]);
    await expectResolved();
  });

  it('merges a name-only track in two round trips, and finds no match in one', async () => {
    await test.db.$client.batch(
      [
        "INSERT INTO artists (id, name, name_key) VALUES (100, 'ARTIST 0', 'artist 0')",
        {
          sql: "INSERT INTO tracks (id, spotify_id, name, lookup_key) VALUES (1, ?, 'Song 0.0', ?), (50, NULL, 'Song 0.0', ?), (51, NULL, 'Unknown', ?)",
          args: [
            TRACK(0, 0),
            trackLookupKey('Artist 0', 'Song 0.0'),
            trackLookupKey('Artist 0', 'Song 0.0'),
            trackLookupKey('Nobody', 'Unknown'),
          ],
        },
        'INSERT INTO track_artists (track_id, artist_id, position) VALUES (50, 100, 0)',
        play(0, 1),
        play(1, 50),
        play(2, 50),
        "INSERT INTO enrichment_queue (kind, target_id, next_attempt_at, created_at) VALUES ('track', 50, 0, 0), ('track_art', 50, 0, 0)",
        ...REBUILD_ENTITY_STATS,
      ],
      'write',
    );
    server().reset();
    expect(await mergeNameOnlyTrack(test.db, 50)).toBe(1);
    expect(server().stats.requests).toBe(2);
    server().reset();
    expect(await mergeNameOnlyTrack(test.db, 51)).toBeNull();
    expect(server().stats.requests).toBe(1);
    expect(server().stats.rowsWritten).toBe(0);
    expect(await readRows(test.db, 'SELECT track_id AS trackId, count(*) AS n FROM plays GROUP BY track_id')).toEqual([
      { trackId: 1, n: 3 },
    ]);
    // The name-only artist lost its last track but has no real artist of its name yet: it stays.
    expect(await readRows(test.db, 'SELECT id FROM artists')).toEqual([{ id: 100 }]);
    expect(await readRows(test.db, 'SELECT count(*) AS n FROM enrichment_queue')).toEqual([{ n: 0 }]);
    expect(await selectTrackStats(test.db)).toEqual((await recomputeRollups(test.db)).tracks);
  });

  it('saves a genre batch’s outcome — found, dropped and retried tasks — in one round trip', async () => {
    await test.db.$client.batch(
      [
        "INSERT INTO artists (id, spotify_id, name, name_key) VALUES (1, 'a1', 'One', 'one'), (2, 'a2', 'Two', 'two')",
        "INSERT INTO enrichment_queue (id, kind, target_id, next_attempt_at, created_at) VALUES (1, 'artist_genres', 1, 0, 0), (2, 'artist_genres', 2, 0, 0), (3, 'artist_genres', 3, 0, 0)",
      ],
      'write',
    );
    server().reset();
    await saveGenreOutcome(test.db, {
      found: [{ taskId: 1, artistId: 1, musicbrainzId: 'mb-1', genres: [{ slug: 'shoegaze', name: 'Shoegaze', weight: 3 }] }],
      dropped: [3],
      retry: [{ taskId: 2, nextAttemptAt: 5_000, error: 'later', countAttempt: true }],
    });
    expect(server().stats.requests).toBe(1);
    expect(
      await readRows(test.db, 'SELECT id, attempts, next_attempt_at AS nextAttemptAt, last_error AS lastError FROM enrichment_queue'),
    ).toEqual([{ id: 2, attempts: 1, nextAttemptAt: 5_000, lastError: 'later' }]);
    expect(
      await readRows(
        test.db,
        'SELECT a.musicbrainz_id AS mbid, g.slug FROM artist_genres ag JOIN genres g ON g.id = ag.genre_id JOIN artists a ON a.id = ag.artist_id',
      ),
    ).toEqual([{ mbid: 'mb-1', slug: 'shoegaze' }]);
  });
});

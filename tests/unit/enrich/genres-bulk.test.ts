import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { saveArtistGenres } from '@/db/enrich/queue';
import { readRows } from '@/db/sql';
import { runGenreEnrichment } from '@/lib/enrich/genres';
import { bestVotedGenres, MusicBrainzNotFoundError } from '@/lib/enrich/musicbrainz';
import { NOT_FOUND_RETRY_MS } from '@/lib/enrich/run';
import { slugify } from '@/lib/names';
import { FakeListenBrainz } from '@/tests/fakes/listenbrainz';
import { FakeMusicBrainz } from '@/tests/fakes/musicbrainz';
import { openTestDatabase, type TestDatabase } from '@/tests/helpers/database';
import { buildWorld, clients, publish, queuedTasks, seedQueue, storedGenres, USER_AGENT, type WorldArtist } from './genres-world';

let musicBrainz: FakeMusicBrainz;
let listenBrainz: FakeListenBrainz;
let test: TestDatabase;

beforeAll(async () => {
  musicBrainz = await new FakeMusicBrainz().start();
  listenBrainz = await new FakeListenBrainz().start();
});
afterAll(async () => {
  await Promise.all([musicBrainz.close(), listenBrainz.close()]);
});
beforeEach(async () => {
  musicBrainz.requests = [];
  listenBrainz.requests = [];
  musicBrainz.minIntervalMs = 0;
  listenBrainz.limit = 1_000_000;
  test = await openTestDatabase();
});
afterEach(() => test.close());

const run = (options: { deadline?: number; batchSize?: number } = {}) =>
  runGenreEnrichment({ db: test.db, ...clients(musicBrainz, listenBrainz), deadline: Date.now() + 120_000, ...options });

/** What the one-by-one rule keeps for an artist, as slug:weight (first of each slug; weights as SQLite prints a REAL). */
function expectedGenres(artist: WorldArtist): string | null {
  const kept = new Map<string, string>();
  const real = (weight: number) => (Number.isInteger(weight) ? weight.toFixed(1) : String(weight));
  for (const g of bestVotedGenres(artist.mb!.genres))
    if (!kept.has(slugify(g.name))) kept.set(slugify(g.name), `${slugify(g.name)}:${real(g.weight)}`);
  return kept.size === 0 ? null : [...kept.values()].join(',');
}

/** name:slug:weight:source → slug:weight (a genre's display name is whichever artist brought it first). */
const slugsAndWeights = (genres: string | null) =>
  genres
    ?.split(',')
    .map((g) => g.split(':').slice(1, 3).join(':'))
    .join(',') ?? null;

describe('runGenreEnrichment', () => {
  it('gives 6 000 artists their genres with 60 URL lookups, 60 ListenBrainz calls and one-by-one calls only for what ListenBrainz lacks', async () => {
    const world = buildWorld(6_000);
    publish(world, musicBrainz, listenBrainz);
    await seedQueue(test.db, world);
    const result = await run();

    const unknown = world.filter((a) => !a.mb);
    const listenBrainzLess = world.filter((a) => a.mb && !a.inListenBrainz);
    expect(unknown).toHaveLength(120);
    expect(listenBrainzLess).toHaveLength(60);
    expect(musicBrainz.count('url-batch')).toBe(60);
    expect(musicBrainz.count('url-single')).toBe(0);
    expect(listenBrainz.requests).toHaveLength(60);
    expect(musicBrainz.count('artist')).toBe(listenBrainzLess.length);
    expect(
      musicBrainz.requests
        .filter((r) => r.kind === 'artist')
        .map((r) => r.path.split('?')[0])
        .sort(),
    ).toEqual(listenBrainzLess.map((a) => `/artist/${a.mb!.mbid}`).sort());
    expect(result).toEqual({ processed: 6_000 - 120, changed: true, requests: { musicbrainz: 60 + 60, listenbrainz: 60 } });
    expect(Math.max(...musicBrainz.requests.map((r) => r.resources))).toBe(100);
    expect(Math.max(...listenBrainz.requests.map((r) => r.mbids))).toBeLessThanOrEqual(100);
    expect(listenBrainz.requests.every((r) => r.userAgent === USER_AGENT && r.status === 200)).toBe(true);

    const stored = new Map((await storedGenres(test.db)).map((s) => [s.spotifyId, s]));
    for (const artist of world) {
      const row = stored.get(artist.spotifyId)!;
      if (!artist.mb) expect(row).toEqual({ spotifyId: artist.spotifyId, musicbrainzId: null, genres: null });
      else {
        expect(row.genres?.split(',').every((g) => g.endsWith(':musicbrainz')) ?? true).toBe(true);
        expect([row.musicbrainzId, slugsAndWeights(row.genres)]).toEqual([artist.mb.mbid, expectedGenres(artist)]);
      }
    }
    expect((await queuedTasks(test.db)).map((t) => t.spotifyId)).toEqual(unknown.map((a) => a.spotifyId));
  });

  it('saves the genres the one-by-one route (findArtistId + getGenres) saves for the same data', async () => {
    const world = buildWorld(320, { unknownEvery: 23, listenBrainzLessEvery: 9 });
    publish(world, musicBrainz, listenBrainz);
    const oneByOne = await openTestDatabase();
    try {
      // A genre Spotify gave stays, whichever route writes MusicBrainz's after it: one artist
      // ListenBrainz answers for, one MusicBrainz answers for one by one.
      const withGenres = world.filter((a) => a.mb && bestVotedGenres(a.mb.genres).length > 0);
      const spotifyGenre = [withGenres.find((a) => a.inListenBrainz)!, withGenres.find((a) => !a.inListenBrainz)!];
      for (const db of [test.db, oneByOne.db]) {
        await seedQueue(db, world);
        for (const artist of spotifyGenre) {
          const [row] = await readRows<{ id: number }>(db, 'SELECT id FROM artists WHERE spotify_id = ?', [artist.spotifyId]);
          const name = bestVotedGenres(artist.mb!.genres)[0]!.name;
          const genres = [{ slug: slugify(name), name, weight: 1 }];
          await saveArtistGenres(db, { artistId: row!.id, genres, source: 'spotify', musicbrainzId: null });
        }
      }
      const { musicBrainz: client } = clients(musicBrainz, listenBrainz);
      // In the bulk route's order, so the first artist to bring a genre names it in both databases.
      const tasks = await readRows<{ artistId: number; spotifyId: string }>(
        oneByOne.db,
        `SELECT q.target_id AS artistId, a.spotify_id AS spotifyId FROM enrichment_queue q JOIN artists a ON a.id = q.target_id
          LEFT JOIN artist_stats s ON s.id = a.id ORDER BY coalesce(s.plays, 0) DESC, a.id`,
      );
      for (const task of tasks) {
        try {
          const mbid = await client.findArtistId(task.spotifyId);
          const genres = (await client.getGenres(mbid)).map((genre) => ({ ...genre, slug: slugify(genre.name) }));
          await saveArtistGenres(oneByOne.db, { artistId: task.artistId, genres, source: 'musicbrainz', musicbrainzId: mbid });
        } catch (error) {
          if (!(error instanceof MusicBrainzNotFoundError)) throw error;
        }
      }
      await run();
      const snapshot = (db: typeof test.db) =>
        Promise.all([
          storedGenres(db),
          readRows(db, 'SELECT g.slug, g.name, s.plays, s.ms_played FROM genre_stats s JOIN genres g ON g.id = s.id ORDER BY g.slug'),
          readRows(
            db,
            'SELECT t.spotify_id, g.slug FROM track_genres tg JOIN tracks t ON t.id = tg.track_id JOIN genres g ON g.id = tg.genre_id ORDER BY 1, 2',
          ),
        ]);
      const [bulk, single] = await Promise.all([snapshot(test.db), snapshot(oneByOne.db)]);
      expect(bulk[0].filter((a) => a.genres).length).toBeGreaterThan(200);
      expect(bulk[0].filter((a) => a.genres?.includes(':spotify')).length).toBe(2);
      // 'Hip Hop' (6 votes) wins over 'hip-hop' (4) — one slug — and 'rap' keeps its 3/13.
      expect(
        bulk[0].filter((a) => /^[^:]+:hip-hop:0\.462:musicbrainz,rap:rap:0\.231:musicbrainz$/.test(a.genres ?? '')).length,
      ).toBeGreaterThan(3);
      expect(bulk).toEqual(single);
    } finally {
      oneByOne.close();
    }
  });

  it('reschedules artists MusicBrainz does not know 30 days out, and leaves them alone until then', async () => {
    const world = buildWorld(150, { unknownEvery: 10 });
    publish(world, musicBrainz, listenBrainz);
    await seedQueue(test.db, world);
    const before = Date.now();
    await run();
    const queued = await queuedTasks(test.db);
    expect(queued.map((t) => t.spotifyId)).toEqual(world.filter((a) => !a.mb).map((a) => a.spotifyId));
    for (const task of queued) {
      expect(task.attempts).toBe(1);
      expect(task.nextAttemptAt).toBeGreaterThanOrEqual(before + NOT_FOUND_RETRY_MS);
      expect(task.nextAttemptAt).toBeLessThanOrEqual(Date.now() + NOT_FOUND_RETRY_MS);
      expect(task.lastError).toBe(`no MusicBrainz artist links to Spotify artist ${task.spotifyId}`);
    }
    const requests = musicBrainz.requests.length + listenBrainz.requests.length;
    expect(await run()).toEqual({ processed: 0, changed: false, requests: { musicbrainz: 0, listenbrainz: 0 } });
    expect(musicBrainz.requests.length + listenBrainz.requests.length).toBe(requests);
  });

  it('does the most-played artists first when the deadline cuts a run short; the rest stay due', async () => {
    const world = buildWorld(250, { unknownEvery: 1_000, listenBrainzLessEvery: 1_000 });
    publish(world, musicBrainz, listenBrainz);
    await seedQueue(test.db, world);
    musicBrainz.delayMs = 400;
    try {
      const result = await run({ deadline: Date.now() + 200 });
      expect(result.processed).toBe(100);
    } finally {
      musicBrainz.delayMs = 0;
    }
    const done = new Set((await storedGenres(test.db)).filter((a) => a.musicbrainzId).map((a) => a.spotifyId));
    const mostPlayed = [...world].sort((a, b) => b.plays - a.plays).slice(0, 100);
    expect([...done].sort()).toEqual(mostPlayed.map((a) => a.spotifyId).sort());
    const queued = await queuedTasks(test.db);
    expect(queued).toHaveLength(150);
    expect(queued.every((t) => t.attempts === 0 && t.nextAttemptAt <= Date.now())).toBe(true);
  });

  it('stays within 150 + 150 requests plus the one-by-one rest for 15 000 artists: about 5 minutes at 1 request/s', async () => {
    const world = buildWorld(15_000);
    publish(world, musicBrainz, listenBrainz);
    await seedQueue(test.db, world);
    const { requests } = await run();
    const fallback = world.filter((a) => a.mb && !a.inListenBrainz).length;
    expect(fallback).toBe(150);
    expect(requests).toEqual({ musicbrainz: 150 + fallback, listenbrainz: 150 });
    // At 1 request/s per service, even counting one service after the other: 150 + 150 bulk
    // requests are 5 minutes, and with the one-by-one rest the run stays under the 10.
    expect((requests.musicbrainz + requests.listenbrainz) / 60).toBeLessThanOrEqual(10);
  }, 60_000);
});

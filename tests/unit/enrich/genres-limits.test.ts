import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runGenreEnrichment } from '@/lib/enrich/genres';
import { fakeMbid, FakeListenBrainz } from '@/tests/fakes/listenbrainz';
import { FakeMusicBrainz } from '@/tests/fakes/musicbrainz';
import { openTestDatabase, type TestDatabase } from '@/tests/helpers/database';
import { buildWorld, clients, publish, queuedTasks, seedQueue, spotifyIdOf, storedGenres, USER_AGENT } from './genres-world';

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
  musicBrainz.throttled = musicBrainz.oversized = 0;
  listenBrainz.throttled = 0;
  listenBrainz.limit = 1_000_000;
  listenBrainz.windowMs = 1_000;
  musicBrainz.resetPace();
  listenBrainz.resetPace();
  test = await openTestDatabase();
});
afterEach(() => test.close());

const gaps = (at: number[]) => at.slice(1).map((t, i) => t - at[i]!);

/** Every artist MusicBrainz knows got its genres and no task is left but the unknown ones'. */
async function expectAllDone(world: ReturnType<typeof buildWorld>) {
  const stored = await storedGenres(test.db);
  expect(stored.filter((a) => a.musicbrainzId).length).toBe(world.filter((a) => a.mb).length);
  expect((await queuedTasks(test.db)).map((t) => t.spotifyId)).toEqual(world.filter((a) => !a.mb).map((a) => a.spotifyId));
}

describe('more than 100 at once', () => {
  it('sends at most 100 resources per URL lookup, which MusicBrainz would otherwise cut silently', async () => {
    const world = buildWorld(250, { unknownEvery: 1_000 });
    publish(world, musicBrainz, listenBrainz);
    const { musicBrainz: client } = clients(musicBrainz, listenBrainz);
    const found = await client.findArtistIds(world.map((a) => a.spotifyId));
    expect(found.size).toBe(249);
    expect(found.get(spotifyIdOf(7))).toBe(world[7]!.mb!.mbid);
    expect(musicBrainz.requests.map((r) => [r.kind, r.resources])).toEqual([
      ['url-batch', 100],
      ['url-batch', 100],
      ['url-batch', 50],
    ]);
    expect(musicBrainz.oversized).toBe(0);

    // What the guard prevents: past 100 the real service drops the rest without an error.
    const resources = world
      .slice(1, 151)
      .map((a) => `resource=https://open.spotify.com/artist/${a.spotifyId}`)
      .join('&');
    const answer = (await (await fetch(`${musicBrainz.url}/url?${resources}&inc=artist-rels&fmt=json`)).json()) as { 'url-count': number };
    expect(answer['url-count']).toBe(100);
    expect(musicBrainz.oversized).toBe(1);
  });

  it('asks one resource in the single form, and an unknown one is simply absent', async () => {
    const world = buildWorld(3, { unknownEvery: 2 });
    publish(world, musicBrainz, listenBrainz);
    const { musicBrainz: client } = clients(musicBrainz, listenBrainz);
    expect(await client.findArtistIds([spotifyIdOf(1)])).toEqual(new Map([[spotifyIdOf(1), world[1]!.mb!.mbid]]));
    expect(await client.findArtistIds([spotifyIdOf(2)])).toEqual(new Map());
    expect(musicBrainz.requests.map((r) => r.kind)).toEqual(['url-single', 'url-single']);
  });

  it('asks ListenBrainz for at most 100 artists, skips what is not a UUID, and keeps only genre tags', async () => {
    const world = buildWorld(240, { unknownEvery: 1_000, listenBrainzLessEvery: 10 });
    publish(world, musicBrainz, listenBrainz);
    const { listenBrainz: client } = clients(musicBrainz, listenBrainz);
    const mbids = world.filter((a) => a.mb).map((a) => a.mb!.mbid);
    const genres = await client.getArtistGenres([...mbids, 'not-a-uuid']);
    expect(listenBrainz.requests.map((r) => [r.mbids, r.status])).toEqual([
      [100, 200],
      [100, 200],
      [39, 200],
    ]);
    expect(genres.size).toBe(world.filter((a) => a.inListenBrainz).length);
    expect(genres.has(world[9]!.mb!.mbid)).toBe(false);
    // Artist 8 has no genres at all, only the plain "seen live" tag, which is no genre.
    expect(genres.get(world[8]!.mb!.mbid)).toEqual([]);
    expect([...genres.values()].flat().some((g) => g.name === 'seen live')).toBe(false);
  });

  it('never sends more than 100 per request, whatever batch size it is given', async () => {
    const world = buildWorld(450);
    publish(world, musicBrainz, listenBrainz);
    await seedQueue(test.db, world);
    await runGenreEnrichment({ db: test.db, ...clients(musicBrainz, listenBrainz), deadline: Date.now() + 60_000, batchSize: 1_000 });
    expect(Math.max(...musicBrainz.requests.map((r) => r.resources))).toBe(100);
    expect(Math.max(...listenBrainz.requests.map((r) => r.mbids))).toBeLessThanOrEqual(100);
    expect(musicBrainz.oversized).toBe(0);
    await expectAllDone(world);
  });
});

describe('throttling', () => {
  it('keeps 1 request/s to each service with the real intervals and names itself to both', async () => {
    musicBrainz.minIntervalMs = 1_000;
    listenBrainz.limit = 1;
    const world = buildWorld(150, { listenBrainzLessEvery: 1_000 });
    publish(world, musicBrainz, listenBrainz);
    await seedQueue(test.db, world);
    const result = await runGenreEnrichment({
      db: test.db,
      ...clients(musicBrainz, listenBrainz, {}, 1_000),
      deadline: Date.now() + 60_000,
    });
    expect(result.requests).toEqual({ musicbrainz: 2, listenbrainz: 2 });
    expect([musicBrainz.throttled, listenBrainz.throttled]).toEqual([0, 0]);
    expect(Math.min(...gaps(musicBrainz.requests.map((r) => r.at)))).toBeGreaterThanOrEqual(950);
    expect(Math.min(...gaps(listenBrainz.requests.map((r) => r.at)))).toBeGreaterThanOrEqual(950);
    expect([...musicBrainz.requests, ...listenBrainz.requests].every((r) => r.userAgent === USER_AGENT)).toBe(true);
    await expectAllDone(world);
  }, 20_000);

  it('waits out a spent ListenBrainz window (X-RateLimit-Remaining 0, Reset-In) instead of being refused', async () => {
    listenBrainz.limit = 2;
    const mbids = Array.from({ length: 500 }, (_, i) => fakeMbid(`any:${i}`));
    const { listenBrainz: client } = clients(musicBrainz, listenBrainz);
    await client.getArtistGenres(mbids);
    expect(listenBrainz.requests).toHaveLength(5);
    expect(listenBrainz.throttled).toBe(0);
    const windows = new Set(listenBrainz.requests.map((r) => Math.floor(r.at / 1_000)));
    expect(windows.size).toBeGreaterThanOrEqual(3);
  }, 20_000);

  it('retries after a 429 (Reset-In, no Retry-After) and a 503 (Retry-After), losing nothing', async () => {
    const world = buildWorld(200);
    publish(world, musicBrainz, listenBrainz);
    await seedQueue(test.db, world);
    listenBrainz.forced429 = 2;
    listenBrainz.forced503 = 1;
    musicBrainz.forced503 = 1;
    const result = await runGenreEnrichment({ db: test.db, ...clients(musicBrainz, listenBrainz), deadline: Date.now() + 60_000 });
    expect(listenBrainz.requests.map((r) => r.status)).toEqual([429, 429, 503, 200, 200]);
    expect(gaps(listenBrainz.requests.slice(0, 4).map((r) => r.at)).every((gap) => gap >= 900)).toBe(true);
    expect(musicBrainz.requests[1]!.at - musicBrainz.requests[0]!.at).toBeGreaterThanOrEqual(950);
    expect(result.requests.listenbrainz).toBe(5);
    await expectAllDone(world);
  }, 20_000);

  it('asks MusicBrainz one by one while ListenBrainz is down, losing nothing', async () => {
    const world = buildWorld(120, { unknownEvery: 1_000, listenBrainzLessEvery: 1_000 });
    publish(world, musicBrainz, listenBrainz);
    await seedQueue(test.db, world);
    listenBrainz.forced500 = 3;
    const result = await runGenreEnrichment({ db: test.db, ...clients(musicBrainz, listenBrainz), deadline: Date.now() + 60_000 });
    // The first batch of 100 falls back to MusicBrainz; the second finds ListenBrainz back.
    expect(musicBrainz.count('artist')).toBe(100);
    expect(result.requests).toEqual({ musicbrainz: 2 + 100, listenbrainz: 3 + 1 });
    await expectAllDone(world);
  }, 20_000);

  it('stops and reschedules without counting an attempt when MusicBrainz asks for a long pause', async () => {
    const world = buildWorld(150);
    publish(world, musicBrainz, listenBrainz);
    await seedQueue(test.db, world);
    musicBrainz.forced503 = 1;
    musicBrainz.retryAfterSeconds = 120;
    try {
      const result = await runGenreEnrichment({
        db: test.db,
        ...clients(musicBrainz, listenBrainz, { maxWaitMs: 30_000 }),
        deadline: Date.now() + 60_000,
      });
      expect(result).toEqual({ processed: 0, changed: false, requests: { musicbrainz: 1, listenbrainz: 0 } });
    } finally {
      musicBrainz.retryAfterSeconds = 1;
    }
    const queued = await queuedTasks(test.db);
    expect(queued).toHaveLength(150);
    const rescheduled = queued.filter((t) => t.nextAttemptAt > Date.now() + 100_000);
    expect(rescheduled).toHaveLength(100);
    expect(rescheduled.every((t) => t.attempts === 0 && t.lastError?.startsWith('rate limited'))).toBe(true);
  });
});

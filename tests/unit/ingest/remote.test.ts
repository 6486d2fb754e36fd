import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '@libsql/client';
import { createDatabase } from '@/db';
import { writePolledPlays } from '@/db/ingest/plays';
import { saveOwnerConnection } from '@/db/owner/spotify-accounts';
import { readRows } from '@/db/sql';
import { runIngest } from '@/lib/ingest/run';
import { pollRules } from '@/lib/plays';
import { mapRecentlyPlayed, type PolledPlay } from '@/lib/spotify/map';
import type { SpotifyRecentlyPlayed } from '@/lib/spotify/types';
import { sealToken } from '@/lib/vault';
import { OWNER, startFakes, TEST_AUTH_SECRET } from '@/tests/fakes/harness';
import type { FakeSpotify } from '@/tests/fakes/spotify';
import { buildCatalog } from '@/tests/fakes/spotify-catalog';
import { recentlyPlayedJson } from '@/tests/fakes/spotify-responses';
import { backToBack } from '@/tests/fakes/timeline';
import { openTestDatabase, recomputeRollups, selectTrackStats, type TestDatabase } from '@/tests/helpers/database';

/**
 * Ingestion against the stand-in for hosted libSQL (tests/fakes/libsql-server.ts), whatever
 * TEST_DATABASE says: a poll is one batch of reads and one of writes, no stream stays open,
 * a write whose answer is lost or whose ids another writer took stores nothing twice, and a
 * run waits for another connection's write transaction instead of failing.
 */
let fakes: Awaited<ReturnType<typeof startFakes>>;
let spotify: FakeSpotify;
let test: TestDatabase;

const END = Date.UTC(2026, 10, 20, 22, 30);
const RULES = pollRules('Europe/Berlin');
const server = () => test.server!;

beforeAll(async () => {
  fakes = await startFakes();
  spotify = fakes.spotify;
  spotify.catalog = buildCatalog(6, 8);
  fakes.musicBrainz.minIntervalMs = 0;
});
afterAll(() => fakes.close());
beforeEach(async () => {
  spotify.plays = backToBack(spotify.catalog, 12, END);
  spotify.now = END + 60_000;
  test = await openTestDatabase({ remote: true, latencyMs: 2 });
  const tokens = spotify.issueTokens(OWNER.key);
  await saveOwnerConnection(test.db, {
    spotifyUserId: OWNER.accountId,
    displayName: OWNER.displayName,
    refreshTokenEnc: sealToken(tokens.refreshToken, TEST_AUTH_SECRET, 'refresh'),
    accessTokenEnc: sealToken(tokens.accessToken, TEST_AUTH_SECRET, 'access'),
    accessTokenExpiresAt: Date.now() + 3_600_000,
    scopes: 'user-read-recently-played user-top-read',
    authorizedAt: Date.now(),
  });
});
afterEach(() => test.close());

/** What the poll maps from recently-played now. */
function polled(): PolledPlay[] {
  const options = { now: spotify.now, limit: 50, duplicateReports: false, outOfOrder: false, href: '' };
  return mapRecentlyPlayed(recentlyPlayedJson(spotify.catalog, spotify.plays, options) as SpotifyRecentlyPlayed);
}

const write = (plays: PolledPlay[]) => writePolledPlays(test.db, plays, { fetched: plays.length, rules: RULES, now: END });

const stored = () =>
  readRows<{ spotifyId: string; endedAt: number; msPlayed: number }>(
    test.db,
    `SELECT t.spotify_id AS spotifyId, p.ended_at AS endedAt, p.ms_played AS msPlayed FROM plays p JOIN tracks t ON t.id = p.track_id
      ORDER BY p.ended_at`,
  );
const counts = async () =>
  (
    await readRows<{ plays: number; tracks: number; artists: number; albums: number; credits: number; tasks: number }>(
      test.db,
      `SELECT (SELECT count(*) FROM plays) AS plays, (SELECT count(*) FROM tracks) AS tracks, (SELECT count(*) FROM artists) AS artists,
        (SELECT count(*) FROM albums) AS albums, (SELECT count(*) FROM track_artists) AS credits,
        (SELECT count(*) FROM enrichment_queue WHERE kind = 'artist') AS tasks`,
    )
  )[0]!;

/** The catalogue the fake's plays name: distinct tracks, albums, artists (album artists and credits) and credits. */
function expectedCatalog() {
  const tracks = new Set(spotify.plays.map((p) => p.trackId));
  const named = [...tracks].map((id) => spotify.catalog.tracks.get(id)!);
  const artists = new Set(named.flatMap((t) => [t.album.artistId, ...t.artistIds]));
  const credits = named.reduce((sum, t) => sum + t.artistIds.length, 0);
  return { tracks: tracks.size, albums: new Set(named.map((t) => t.album.id)).size, artists: artists.size, credits };
}

/** Every play once, with its catalogue; `queued`: the new artists still wait for enrichment. */
async function expectStoredOnce({ queued = true } = {}): Promise<void> {
  const plays = await stored();
  expect(plays.map((p) => [p.spotifyId, p.endedAt])).toEqual(spotify.plays.map((p) => [p.trackId, p.endedAt]));
  const first = spotify.catalog.tracks.get(spotify.plays[0]!.trackId)!;
  expect(plays[0]!.msPlayed).toBe(first.durationMs);
  const catalog = expectedCatalog();
  const { tasks, ...rest } = await counts();
  expect(rest).toEqual({ plays: 12, ...catalog });
  if (queued) expect(tasks).toBe(catalog.artists);
  const rollups = await recomputeRollups(test.db);
  expect(await selectTrackStats(test.db)).toEqual(rollups.tracks);
}

describe('ingestion into a remote database', () => {
  it('writes a poll of new plays of new tracks in two round trips, closing every stream, and the next poll in one', async () => {
    const plays = polled();
    server().reset();
    expect(await write(plays)).toEqual({ inserted: 12, gap: null });
    const [read, written] = server().stats.perRequest;
    expect(server().stats.requests).toBe(2);
    expect(server().stats.perRequest.map((r) => r.requests.at(-1))).toEqual(['close', 'close']);
    expect(read!.rowsWritten).toBe(0);
    expect(written!.rowsWritten).toBeGreaterThan(12);
    expect(server().openStreams()).toBe(0);
    await expectStoredOnce();

    server().reset();
    expect(await write(plays)).toEqual({ inserted: 0, gap: null });
    expect(server().stats.requests).toBe(1);
    expect(server().stats.rowsWritten).toBe(0);
    // The stored plays around the poll and two rows of state: no catalogue when no play ends after the newest stored.
    expect(server().stats.rowsRead).toBe(12 + 2);
  });

  it('reads the track of a new play reported after newer ones were stored in a third round trip', async () => {
    await write(polled());
    const late = { trackId: [...spotify.catalog.tracks.keys()][30]!, endedAt: spotify.plays[5]!.endedAt - 40_000 };
    const previousEnd = spotify.plays[4]!.endedAt;
    spotify.plays.push(late);
    server().reset();
    expect(await write(polled())).toEqual({ inserted: 1, gap: null });
    expect(server().stats.perRequest.map((r) => [r.requests.at(-1), r.rowsWritten > 0])).toEqual([
      ['close', false],
      ['close', false],
      ['close', true],
    ]);
    const [stored] = await readRows<{ msPlayed: number; credits: number }>(
      test.db,
      `SELECT p.ms_played AS msPlayed, (SELECT count(*) FROM track_artists WHERE track_id = t.id) AS credits
        FROM plays p JOIN tracks t ON t.id = p.track_id WHERE t.spotify_id = ?`,
      [late.trackId],
    );
    const track = spotify.catalog.tracks.get(late.trackId)!;
    expect(stored).toEqual({ msPlayed: Math.min(track.durationMs, late.endedAt - previousEnd), credits: track.artistIds.length });
    expect((await counts()).plays).toBe(13);
  });

  it('stores nothing twice when the answer to its write is lost, and still counts what it stored', async () => {
    const plays = polled();
    server().reset();
    server().dropNext(1, 'after', 1);
    expect(await write(plays)).toEqual({ inserted: 12, gap: null });
    expect(server().stats.perRequest.map((r) => r.dropped)).toEqual([null, 'after', null]);
    await expectStoredOnce();
  });

  it('plans again from fresh reads when another writer takes the ids it planned', async () => {
    const plays = polled();
    const client = test.db.$client;
    const batch = client.batch.bind(client);
    const other = createDatabase(server().url);
    let raced = false;
    client.batch = (async (statements, mode) => {
      if (mode === 'write' && !raced) {
        raced = true;
        await other.$client.execute(
          "INSERT INTO artists (spotify_id, name, name_key) VALUES ('artist-elsewhere', 'Elsewhere', 'elsewhere')",
        );
      }
      return batch(statements, mode);
    }) as Client['batch'];
    server().reset();
    try {
      expect(await write(plays)).toEqual({ inserted: 12, gap: null });
    } finally {
      client.batch = batch;
      other.$client.close();
    }
    expect(server().stats.perRequest.filter((r) => r.requests.includes('batch')).length).toBe(4);
    const plays12 = await stored();
    expect(plays12).toHaveLength(12);
    const [elsewhere] = await readRows<{ id: number }>(test.db, "SELECT id FROM artists WHERE spotify_id = 'artist-elsewhere'");
    expect(elsewhere!.id).toBe(1);
    const catalog = expectedCatalog();
    expect(await counts()).toEqual({ plays: 12, ...catalog, artists: catalog.artists + 1, tasks: catalog.artists });
  });

  it('runs while another connection holds a write transaction: it waits for the lock, and both writes land', async () => {
    const other = createDatabase(server().url);
    const tx = await other.$client.transaction('write');
    await tx.execute("INSERT INTO settings (key, value) VALUES ('elsewhere', 'held')");
    server().reset();
    const started = Date.now();
    const release = new Promise<void>((resolve) => setTimeout(() => void tx.commit().then(resolve), 1_500));
    const result = await runIngest({ db: test.db, trigger: 'cron', budgetMs: 20_000, musicBrainzIntervalMs: 0 });
    await release;
    tx.close();
    other.$client.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect(result).toMatchObject({ status: 'ok', playsFetched: 12, playsInserted: 12, gapDetected: false });
    expect(await readRows(test.db, "SELECT value FROM settings WHERE key = 'elsewhere'")).toEqual([{ value: 'held' }]);
    await expectStoredOnce({ queued: false });
    expect(server().stats.perRequest.every((r) => r.requests.at(-1) === 'close')).toBe(true);
    expect(server().openStreams()).toBe(0);
  });
});

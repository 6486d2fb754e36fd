import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '@/db';
import { migrateDatabase } from '@/db/migrate';
import { getPausedUntil, startRun } from '@/db/ingest/runs';
import { readRows } from '@/db/sql';
import { saveOwnerConnection } from '@/db/owner/spotify-accounts';
import { selectSpotifyRequests } from '@/db/ingest/spotify-requests';
import { drainQueue, type DrainResult } from '@/lib/enrich/drain';
import { getEnv } from '@/lib/env';
import { sealToken } from '@/lib/vault';
import { OWNER, TEST_AUTH_SECRET, openConnectedDatabase, startFakes } from '@/tests/fakes/harness';
import { json, startServer } from '@/tests/fakes/http';
import { fakeMbid, mirrorMusicBrainz } from '@/tests/fakes/listenbrainz';
import { buildCatalog } from '@/tests/fakes/spotify-catalog';
import { openTestDatabase, type TestDatabase } from '@/tests/helpers/database';
import { importPaths, tempFolder } from '@/tests/unit/import/helpers';

/**
 * `drainQueue` and `npm run enrich` against the fakes: 24 artists, 96 tracks (every fourth
 * with a featured artist) imported from an export, so artists are known by name only until
 * their tracks' credits come from the budgeted Web API. MusicBrainz knows five artists in six,
 * ListenBrainz three in four of those.
 */
const BUDGET = 30;
const TRACKS = 96;
const GENRES = ['shoegaze', 'post-punk', 'ambient'];
const NO_PACING = { musicBrainzMs: 0, listenBrainzMs: 0, oEmbedMs: 0 };
const HOUR = 3_600_000;

let fakes: Awaited<ReturnType<typeof startFakes>>;
const folder = tempFolder();
let exportFile: string;
const open: TestDatabase[] = [];

beforeAll(async () => {
  fakes = await startFakes({ SPOTIFY_DAILY_BUDGET: String(BUDGET) });
  fakes.spotify.catalog = buildCatalog(24, 4);
  fakes.musicBrainz.minIntervalMs = 0;
  fakes.listenBrainz.limit = 1_000_000;
  [...fakes.spotify.catalog.artists.keys()].forEach((spotifyId, a) => {
    if (a % 6 === 5) return;
    const artist = { mbid: fakeMbid(`artist:${spotifyId}`), spotifyId, genres: [{ name: GENRES[a % 3]!, count: 4 }] };
    fakes.musicBrainz.add(artist);
    if (a % 4 !== 3) fakes.listenBrainz.add(mirrorMusicBrainz(artist));
  });
  exportFile = writeExport([...fakes.spotify.catalog.tracks.keys()], 'Streaming_History_Audio_2025.json');
});
afterEach(() => {
  fakes.spotify.dailyQuota = null;
});
afterAll(async () => {
  for (const test of open) test.close();
  folder.remove();
  await fakes.close();
});

/** One export row per play, most-played track first. */
function writeExport(trackIds: string[], name: string): string {
  const { catalog } = fakes.spotify;
  let at = Date.now() - 60 * 24 * HOUR;
  const rows = trackIds.flatMap((id, rank) => {
    return Array.from({ length: Math.max(1, Math.floor(40 / (rank + 1))) }, () => catalog.exportRow(id, (at += 600_000)));
  });
  return folder.write(name, JSON.stringify(rows));
}

async function importedLibrary(connected = true): Promise<Database> {
  const test = connected ? await openConnectedDatabase(fakes.spotify) : await openTestDatabase();
  open.push(test);
  await importPaths(test.db, [exportFile], Date.now());
  return test.db;
}

const drain = (db: Database) => drainQueue({ db, env: getEnv(), intervals: NO_PACING, retry: { baseBackoffMs: 5 } });
const due = (result: DrainResult) => Object.fromEntries(result.queue.map((row) => [row.kind, row.due]));
const webApiCalls = () => fakes.spotify.count('tracks') + fakes.spotify.count('artists');

/** Artists with a Spotify id (named by credits) lacking a picture, and those lacking genres. */
async function missingFreeWork(db: Database) {
  const [row] = await readRows<{ real: number; noPicture: number; noGenres: number }>(
    db,
    `SELECT count(*) AS real, coalesce(sum(image_url IS NULL), 0) AS noPicture,
        coalesce(sum(NOT EXISTS (SELECT 1 FROM artist_genres g WHERE g.artist_id = a.id)), 0) AS noGenres
      FROM artists a WHERE spotify_id IS NOT NULL`,
  );
  return row!;
}

const unknownToMusicBrainz = async (db: Database) =>
  (await readRows<{ spotifyId: string }>(db, 'SELECT spotify_id AS spotifyId FROM artists WHERE spotify_id IS NOT NULL')).filter(
    ({ spotifyId }) => ![...fakes.musicBrainz.artists.values()].some((a) => a.spotifyId === spotifyId),
  ).length;

describe('drainQueue', () => {
  it('spends the budget exactly, never more, does every free task regardless, and stops with "budget"', async () => {
    const db = await importedLibrary();
    const before = webApiCalls();
    const result = await drain(db);

    expect(result.stop).toBe('budget');
    expect(webApiCalls() - before).toBe(BUDGET);
    expect(result.requests.spotify).toBe(BUDGET);
    expect((await selectSpotifyRequests(db, Date.now())).enrich).toBe(BUDGET);
    expect(result.done).toMatchObject({ track_art: TRACKS, track: BUDGET });
    expect(due(result)).toEqual({ track_art: 0, artist: 0, artist_genres: 0, track: TRACKS - BUDGET });
    const missing = await missingFreeWork(db);
    expect(missing.real).toBeGreaterThan(BUDGET / 4);
    expect(result.done.artist).toBe(missing.real);
    expect(missing.noPicture).toBe(0);
    expect(missing.noGenres).toBe(await unknownToMusicBrainz(db));
    expect(result.done.artist_genres).toBe(missing.real - missing.noGenres);
    expect(result.requests.oEmbed).toBe(TRACKS + missing.real);
    expect(result.changed).toBe(true);

    const again = await drain(db);
    expect(again).toMatchObject({ stop: 'budget', changed: false, requests: { spotify: 0, oEmbed: 0 } });
    expect(webApiCalls() - before).toBe(BUDGET);
  });

  it('stores a pause on a quota 429, sends Spotify nothing more, and still does the free work', async () => {
    const db = await importedLibrary();
    const before = webApiCalls();
    const refusals = fakes.spotify.quotaRefusals;
    fakes.spotify.dailyQuota = fakes.spotify.requests.filter((r) => r.route !== 'token' && r.route !== 'oembed').length + 5;
    const result = await drain(db);

    expect(result.stop).toBe('paused');
    expect(fakes.spotify.quotaRefusals - refusals).toBe(1);
    expect(webApiCalls() - before).toBe(6);
    expect(result.done).toMatchObject({ track_art: TRACKS, track: 5 });
    const pausedUntil = await getPausedUntil(db);
    expect(pausedUntil).toBeGreaterThan(Date.now() + 12.9 * HOUR);
    expect(result.pausedUntil).toBe(pausedUntil);
    expect(due(result)).toMatchObject({ track_art: 0, artist: 0, artist_genres: 0 });
    expect((await missingFreeWork(db)).noPicture).toBe(0);

    const again = await drain(db);
    expect(again).toMatchObject({ stop: 'paused', spotify: 'paused', requests: { spotify: 0 } });
    expect(webApiCalls() - before).toBe(6);
  });

  it('two drains at once, beside a running ingest run, take no lock and spend the budget once between them', async () => {
    const db = await importedLibrary();
    await startRun(db, { trigger: 'cron', startedAt: Date.now(), lockMs: 300_000 });
    const before = webApiCalls();
    const [one, two] = await Promise.all([drain(db), drain(db)]);
    expect(webApiCalls() - before).toBe(BUDGET);
    expect(one.requests.spotify + two.requests.spotify).toBe(BUDGET);
    // Each run leases the tasks it takes: no track's credits are asked for twice.
    const resolved = `SELECT count(*) AS n FROM tracks t JOIN track_artists ta ON ta.track_id = t.id JOIN artists a ON a.id = ta.artist_id
      WHERE a.spotify_id IS NOT NULL AND ta.position = 0`;
    expect(await readRows(db, resolved)).toEqual([{ n: BUDGET }]);
    expect([one.stop, two.stop]).toEqual(['budget', 'budget']);
    expect(due(one)).toMatchObject({ track_art: 0, artist: 0, artist_genres: 0 });
  });

  it('without a connected account does the artwork and stops with "not_connected"', async () => {
    const db = await importedLibrary(false);
    const before = webApiCalls();
    const result = await drain(db);
    expect(result).toMatchObject({ stop: 'not_connected', done: { track_art: TRACKS, track: 0 } });
    expect(due(result)).toEqual({ track_art: 0, artist: 0, artist_genres: 0, track: TRACKS });
    expect(webApiCalls()).toBe(before);
  });
});

/** A database at a path of our choosing, the owner connected as openConnectedDatabase does it. */
async function connectedDatabaseAt(file: string): Promise<void> {
  const db = createDatabase(`file:${file}`);
  await migrateDatabase(db);
  const tokens = fakes.spotify.issueTokens(OWNER.key);
  await saveOwnerConnection(db, {
    spotifyUserId: OWNER.accountId,
    displayName: OWNER.displayName,
    refreshTokenEnc: sealToken(tokens.refreshToken, TEST_AUTH_SECRET, 'refresh'),
    accessTokenEnc: sealToken(tokens.accessToken, TEST_AUTH_SECRET, 'access'),
    accessTokenExpiresAt: Date.now() + HOUR,
    scopes: 'user-read-recently-played',
    authorizedAt: Date.now(),
  });
  const six = [...fakes.spotify.catalog.tracks.keys()]
    .filter((id) => fakes.spotify.catalog.tracks.get(id)!.artistIds.length === 1)
    .slice(0, 6);
  await importPaths(db, [writeExport(six, 'Streaming_History_Audio_2024.json')], Date.now());
  db.$client.close();
}

/** The CLI as `npm run enrich` runs it; asynchronous, since the fakes answer from this process. */
function runEnrichCli(env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(process.cwd(), 'node_modules/tsx/dist/cli.mjs'), '--conditions=react-server', 'lib/cli/enrich.ts'],
      { env },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('npm run enrich', () => {
  it('works a small library to the end of its budget, says so in words, asks the site to refresh, and exits 0', async () => {
    const file = path.join(folder.dir, 'cli.db');
    await connectedDatabaseAt(file);
    const seen: string[] = [];
    const site = await startServer((request, url) => {
      seen.push(`${request.method} ${url.pathname}`);
      return json(200, { revalidated: true });
    });
    const before = webApiCalls();
    try {
      const port = new URL(site.url).port;
      const result = await runEnrichCli({
        ...process.env,
        TURSO_DATABASE_URL: `file:${file}`,
        SPOTIFY_DAILY_BUDGET: '2',
        PORT: port,
        SITE_URL: '',
        CRON_SECRET: '',
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(
        /Done: 6 track covers, (1 artist picture, 1 artist.s genres|2 artist pictures, 2 artists. genres), 2 track credits\./,
      );
      expect(result.stdout).toContain('Requests: Spotify Web API 2, Spotify oEmbed ');
      expect(result.stdout).toContain('Left: 4 track credits.');
      expect(result.stdout).toContain('Stopped: the daily Spotify budget (2 requests in 24 h) is spent; track credits continue');
      expect(result.stdout).toContain(`Asked http://127.0.0.1:${port} to refresh its pages.`);
      expect(seen).toEqual(['POST /api/cron/revalidate']);
      expect(webApiCalls() - before).toBe(2);
    } finally {
      await site.close();
    }
  }, 60_000);
});

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@/db';
import { getOwnerAccount, saveOwnerConnection } from '@/db/owner/spotify-accounts';
import { getPausedUntil } from '@/db/ingest/runs';
import { readRows } from '@/db/sql';
import { runIngest, type IngestOptions } from '@/lib/ingest/run';
import { openToken, sealToken } from '@/lib/vault';
import { OWNER, TEST_AUTH_SECRET, openConnectedDatabase, startFakes } from '@/tests/fakes/harness';
import type { FakeSpotify } from '@/tests/fakes/spotify';
import { buildCatalog } from '@/tests/fakes/spotify-catalog';
import { backToBack } from '@/tests/fakes/timeline';

let fakes: Awaited<ReturnType<typeof startFakes>>;
let spotify: FakeSpotify;
let test: { db: Database; close: () => void };
const END = Date.UTC(2026, 10, 20, 20, 0);

const ingest = (options: Partial<IngestOptions> = {}) =>
  runIngest({ db: test.db, trigger: 'cron', musicBrainzIntervalMs: 0, retry: { baseBackoffMs: 20 }, budgetMs: 20_000, ...options });
const countPlays = async () => (await readRows<{ n: number }>(test.db, 'SELECT count(*) AS n FROM plays'))[0]!.n;
const countRows = async (table: string) => (await readRows<{ n: number }>(test.db, `SELECT count(*) AS n FROM ${table}`))[0]!.n;

beforeAll(async () => {
  fakes = await startFakes();
  spotify = fakes.spotify;
  spotify.catalog = buildCatalog(4, 5);
  fakes.musicBrainz.minIntervalMs = 0;
});
afterAll(() => fakes.close());
beforeEach(async () => {
  spotify.plays = backToBack(spotify.catalog, 6, END);
  spotify.now = END + 1_000;
  spotify.faults = [];
  spotify.requests = [];
  spotify.rotateRefreshTokens = false;
  fakes.alerts.length = 0;
  test = await openConnectedDatabase(spotify);
});
afterEach(() => test.close());

describe('ingest faults', () => {
  it('waits out a short 429 Retry-After, then succeeds', async () => {
    spotify.faults = [{ route: 'recently-played', kind: 'rate_limit', retryAfterSeconds: 1 }];
    const started = Date.now();
    const result = await ingest();
    expect(result).toMatchObject({ status: 'ok', playsInserted: 6 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(spotify.count('recently-played')).toBe(2);
  });

  it('stores a quota 429 as "paused until" and skips Spotify until then', async () => {
    spotify.faults = [{ route: 'recently-played', kind: 'quota', retryAfterSeconds: 13 * 3600 }];
    const before = Date.now();
    const first = await ingest();
    expect(first.status).toBe('paused');
    const pausedUntil = await getPausedUntil(test.db);
    expect(pausedUntil! - before).toBeGreaterThanOrEqual(13 * 3_600_000);
    expect(pausedUntil! - Date.now()).toBeLessThanOrEqual(13 * 3_600_000);
    const requests = spotify.requests.length;
    const second = await ingest();
    expect(second).toMatchObject({ status: 'paused', playsFetched: 0 });
    expect(spotify.requests.length).toBe(requests);
    expect(await countPlays()).toBe(0);
  });

  it('retries 500s and network errors with backoff, and fails at the deadline, alerting once per incident', async () => {
    spotify.faults = [
      { route: 'recently-played', kind: 'server_error', times: 2 },
      { route: 'recently-played', kind: 'network', times: 1 },
    ];
    expect(await ingest()).toMatchObject({ status: 'ok', playsInserted: 6 });
    expect(spotify.count('recently-played')).toBe(4);

    spotify.faults = [{ route: 'recently-played', kind: 'server_error', times: 1_000 }];
    const failed = await ingest({ budgetMs: 6_000 });
    expect(failed.status).toBe('failed');
    expect(failed.durationMs).toBeLessThan(6_000);
    expect((await ingest({ budgetMs: 6_000 })).status).toBe('failed');
    expect(fakes.alerts.filter((a) => a.text.includes('ingest run failed'))).toHaveLength(1);
    spotify.faults = [];
    expect((await ingest()).status).toBe('no_new_plays');
    spotify.faults = [{ route: 'recently-played', kind: 'server_error', times: 1_000 }];
    await ingest({ budgetMs: 6_000 });
    expect(fakes.alerts.filter((a) => a.text.includes('ingest run failed'))).toHaveLength(2);
  }, 30_000);

  it('gives up on a slow response at its timeout and retries', async () => {
    spotify.faults = [{ route: 'recently-played', kind: 'slow', delayMs: 3_000 }];
    const result = await ingest({ retry: { baseBackoffMs: 20, requestTimeoutMs: 1_000 } });
    expect(result).toMatchObject({ status: 'ok', playsInserted: 6 });
    expect(result.durationMs).toBeLessThan(3_000);
  });

  it('rejects malformed JSON without writing anything', async () => {
    spotify.faults = [{ route: 'recently-played', kind: 'malformed' }];
    const result = await ingest();
    expect(result).toMatchObject({ status: 'failed', playsInserted: 0 });
    expect(await countPlays()).toBe(0);
    expect(await countRows('tracks')).toBe(0);
    const [run] = await readRows<{ error: string }>(test.db, 'SELECT error FROM ingest_runs');
    expect(run!.error).toContain('not JSON');
  });

  it('marks the connection "needs reconnect" on invalid_grant, stops calling Spotify, and resumes after reconnecting', async () => {
    test.close();
    test = await openConnectedDatabase(spotify, { accessTokenExpiresAt: Date.now() - 1 });
    spotify.faults = [{ route: 'token', kind: 'invalid_grant' }];
    expect((await ingest()).status).toBe('needs_reconnect');
    const account = await getOwnerAccount(test.db);
    expect(account).toMatchObject({ status: 'needs_reconnect', accessTokenEnc: null });
    expect(fakes.alerts.filter((a) => a.text.includes('log in again') || a.text.includes('Log in again'))).toHaveLength(1);
    const requests = spotify.requests.length;
    expect((await ingest()).status).toBe('needs_reconnect');
    expect(spotify.requests.length).toBe(requests);

    const tokens = spotify.issueTokens(OWNER.key);
    const saved = await saveOwnerConnection(test.db, {
      spotifyUserId: OWNER.accountId,
      displayName: OWNER.displayName,
      refreshTokenEnc: sealToken(tokens.refreshToken, TEST_AUTH_SECRET, 'refresh'),
      accessTokenEnc: sealToken(tokens.accessToken, TEST_AUTH_SECRET, 'access'),
      accessTokenExpiresAt: Date.now() + 3_600_000,
      scopes: 'user-read-recently-played',
      authorizedAt: Date.now(),
    });
    expect(saved).toBe(true);
    expect((await ingest()).playsInserted).toBe(6);
    spotify.plays.push(...backToBack(spotify.catalog, 2, END + 600_000));
    spotify.now = END + 700_000;
    expect((await ingest()).playsInserted).toBe(2);
    expect(await countPlays()).toBe(8);
  });

  it('treats tokens sealed under another AUTH_SECRET as a connection that needs reconnecting', async () => {
    const foreign = sealToken('rt-whatever', 'another-secret-of-at-least-thirty-two-chars', 'refresh');
    await test.db.$client.execute({
      sql: 'UPDATE spotify_accounts SET refresh_token_enc = ?, access_token_expires_at = 0',
      args: [foreign],
    });
    expect((await ingest()).status).toBe('needs_reconnect');
    expect(await getOwnerAccount(test.db)).toMatchObject({ status: 'needs_reconnect' });
    expect((await getOwnerAccount(test.db))!.statusReason).toContain('AUTH_SECRET');
    expect(spotify.count('token')).toBe(0);
  });

  it('refreshes an expired access token and keeps a rotated refresh token', async () => {
    test.close();
    test = await openConnectedDatabase(spotify, { accessTokenExpiresAt: Date.now() - 1 });
    spotify.rotateRefreshTokens = true;
    const before = (await getOwnerAccount(test.db))!;
    expect((await ingest()).status).toBe('ok');
    const after = (await getOwnerAccount(test.db))!;
    expect(after.refreshTokenEnc).not.toBe(before.refreshTokenEnc);
    expect(openToken(after.refreshTokenEnc, TEST_AUTH_SECRET, 'refresh')).toMatch(/^rt-/);
    expect(after.accessTokenExpiresAt).toBeGreaterThan(Date.now() + 3_500_000);
    await test.db.$client.execute('UPDATE spotify_accounts SET access_token_expires_at = 0');
    expect((await ingest()).status).toBe('no_new_plays');
    expect(spotify.count('token')).toBe(2);
  });

  it('lets only one of two overlapping runs ingest; the other exits early as busy', async () => {
    spotify.faults = [{ route: 'recently-played', kind: 'slow', delayMs: 1_500 }];
    const slow = ingest();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await ingest();
    expect(second).toMatchObject({ status: 'busy', playsInserted: 0 });
    expect(second.durationMs).toBeLessThan(1_000);
    expect(await slow).toMatchObject({ status: 'ok', playsInserted: 6 });
    expect(await countPlays()).toBe(6);
    expect((await ingest()).status).toBe('no_new_plays');
  });
});

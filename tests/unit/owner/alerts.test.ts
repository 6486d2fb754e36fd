import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@/db';
import { selectOpenAlerts } from '@/db/owner/alerts';
import { raiseAlert, resolveAlert } from '@/lib/alerts';
import { checkTokenExpiry } from '@/lib/ingest/expiry';
import { runIngest } from '@/lib/ingest/run';
import { refreshTokenExpiresAt } from '@/lib/ingest/tokens';
import { openTestDatabase } from '@/tests/helpers/database';
import { openConnectedDatabase, startFakes } from '@/tests/fakes/harness';

const DAY = 86_400_000;
let fakes: Awaited<ReturnType<typeof startFakes>>;
let test: { db: Database; close: () => void };

beforeAll(async () => {
  fakes = await startFakes();
  fakes.musicBrainz.minIntervalMs = 0;
});
afterAll(() => fakes.close());
beforeEach(async () => {
  fakes.alerts.length = 0;
  test = await openTestDatabase();
});
afterEach(() => test.close());

describe('alerts', () => {
  it('posts an incident once to a Slack- and Discord-compatible webhook, and again after it was resolved', async () => {
    expect(await raiseAlert(test.db, 'run_failed', 'boom', 1_000)).toBe(true);
    expect(await raiseAlert(test.db, 'run_failed', 'boom again', 2_000)).toBe(false);
    expect(fakes.alerts).toEqual([{ text: 'Listening stats: boom', content: 'Listening stats: boom' }]);
    expect((await selectOpenAlerts(test.db)).map((a) => a.key)).toEqual(['run_failed']);
    await resolveAlert(test.db, 'run_failed', 3_000);
    expect(await selectOpenAlerts(test.db)).toEqual([]);
    expect(await raiseAlert(test.db, 'run_failed', 'boom 3', 4_000)).toBe(true);
    expect(fakes.alerts).toHaveLength(2);
  });

  it('refresh tokens die six calendar months after authorization', () => {
    expect(new Date(refreshTokenExpiresAt(Date.UTC(2026, 0, 31, 12))).toISOString()).toBe('2026-07-31T12:00:00.000Z');
    expect(new Date(refreshTokenExpiresAt(Date.UTC(2026, 4, 15))).toISOString()).toBe('2026-11-15T00:00:00.000Z');
  });

  it('warns once, 14 days before the authorization expires', async () => {
    const authorizedAt = Date.UTC(2026, 4, 15);
    const expiresAt = refreshTokenExpiresAt(authorizedAt);
    expect(await checkTokenExpiry(test.db, authorizedAt, expiresAt - 15 * DAY)).toBe(false);
    expect(await checkTokenExpiry(test.db, authorizedAt, expiresAt - 14 * DAY)).toBe(true);
    expect(await checkTokenExpiry(test.db, authorizedAt, expiresAt - 13 * DAY)).toBe(false);
    expect(fakes.alerts.map((a) => a.text)).toEqual([
      'Listening stats: the Spotify authorization expires in 14 days (2026-11-15). Log in again on /connect to renew it for 6 months.',
    ]);
  });

  it('an ingest run with an authorization 5 months and 20 days old sends the expiry warning', async () => {
    test.close();
    test = await openConnectedDatabase(fakes.spotify, { authorizedAt: Date.now() - 172 * DAY });
    const result = await runIngest({ db: test.db, trigger: 'cron', budgetMs: 10_000 });
    expect(result.status).toBe('no_new_plays');
    expect(fakes.alerts.filter((a) => a.text.includes('authorization expires in'))).toHaveLength(1);
  });
});

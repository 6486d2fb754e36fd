import { createClient } from '@libsql/client';
import { readFileSync } from 'node:fs';
import { AUTH_DB_PATH, AUTH_SITE_URL, E2E_SECRETS, FAKES_PORT } from '../fakes/e2e-env';
import type { Page } from '@playwright/test';
import { expect, test } from './test';

/**
 * The owner's whole path on a fresh deployment, in order: claim with CRON_SECRET, log in
 * through the fake accounts server, see the status page, ingest through the cron route, see
 * the plays; then a stranger is refused. Runs against the site on 127.0.0.1 (Spotify's rule).
 */
test.describe.configure({ mode: 'serial' });

const cron = (secret?: string) =>
  fetch(`${AUTH_SITE_URL}/api/cron/ingest`, { headers: secret ? { authorization: `Bearer ${secret}` } : {} });

async function storedAccounts(): Promise<{ spotifyUserId: string; refreshTokenEnc: string; accessTokenEnc: string | null }[]> {
  const client = createClient({ url: `file:./${AUTH_DB_PATH}` });
  try {
    const result = await client.execute(
      'SELECT spotify_user_id AS spotifyUserId, refresh_token_enc AS refreshTokenEnc, access_token_enc AS accessTokenEnc FROM spotify_accounts',
    );
    return result.rows.map(
      (row) => ({ ...row }) as unknown as { spotifyUserId: string; refreshTokenEnc: string; accessTokenEnc: string | null },
    );
  } finally {
    client.close();
  }
}

/** The reconnect path: the owner exists, so no claim; the same account logs in again. */
async function logInAsOwner(page: Page): Promise<void> {
  await page.goto(`${AUTH_SITE_URL}/connect`);
  await page.getByRole('button', { name: /Connect Spotify/ }).click();
  await page.getByRole('link', { name: 'Agree as E2E Owner' }).click();
  await expect(page).toHaveURL(`${AUTH_SITE_URL}/status`);
}

async function markNeedsReconnect(): Promise<void> {
  const client = createClient({ url: `file:./${AUTH_DB_PATH}` });
  try {
    await client.execute("UPDATE spotify_accounts SET status = 'needs_reconnect', status_reason = 'token refresh refused: invalid_grant'");
  } finally {
    client.close();
  }
}

async function issuedTokens(): Promise<string[]> {
  return (await (await fetch(`http://127.0.0.1:${FAKES_PORT}/__admin/tokens`)).json()) as string[];
}

test('nobody may see /status before anyone connected', async ({ page }) => {
  const response = await page.goto(`${AUTH_SITE_URL}/status`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
});

test('the owner claims the deployment with CRON_SECRET, logs in, and the token is stored encrypted', async ({ page }) => {
  await page.goto(`${AUTH_SITE_URL}/connect`);
  await page.getByLabel('CRON_SECRET').fill('not-the-secret');
  await page.getByRole('button', { name: 'Connect Spotify' }).click();
  await expect(page.getByTestId('connect-error')).toHaveText('That is not this deployment’s CRON_SECRET.');
  expect(await storedAccounts()).toEqual([]);

  await page.getByLabel('CRON_SECRET').fill(E2E_SECRETS.CRON_SECRET);
  await page.getByRole('button', { name: 'Connect Spotify' }).click();
  await expect(page.getByRole('heading', { name: 'Fake Spotify login' })).toBeVisible();
  await expect(page.getByText('Scopes: user-read-recently-played user-top-read')).toBeVisible();
  await page.getByRole('link', { name: 'Agree as E2E Owner' }).click();

  await expect(page).toHaveURL(`${AUTH_SITE_URL}/status`);
  await expect(page.getByTestId('connection-state')).toHaveText('E2E Owner — connected');
  await expect(page.getByTestId('expiry-countdown')).toContainText(/^in 18\d days/);

  const accounts = await storedAccounts();
  expect(accounts.map((a) => a.spotifyUserId)).toEqual(['e2e-owner-account']);
  expect(accounts[0]!.refreshTokenEnc).toMatch(/^v1\./);
  const tokens = await issuedTokens();
  expect(tokens.length).toBeGreaterThanOrEqual(2);
  const database = ['', '-wal'].map((suffix) => {
    try {
      return readFileSync(`${AUTH_DB_PATH}${suffix}`).toString('latin1');
    } catch {
      return '';
    }
  });
  for (const token of tokens)
    expect(
      database.some((bytes) => bytes.includes(token)),
      'a token in the database file',
    ).toBe(false);
  const html = await page.content();
  for (const token of tokens) expect(html).not.toContain(token);
});

test('a cron call without the secret gets 401; with it the plays are ingested and shown', async ({ page }) => {
  expect((await cron()).status).toBe(401);
  expect((await cron('wrong-secret')).status).toBe(401);
  const response = await cron(E2E_SECRETS.CRON_SECRET);
  expect(response.status).toBe(200);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status: 'ok', playsFetched: 5, playsInserted: 5, gapDetected: false });
  expect(Object.keys(body).sort()).toEqual(['durationMs', 'enriched', 'gapDetected', 'playsFetched', 'playsInserted', 'status']);
  expect(await (await cron(E2E_SECRETS.CRON_SECRET)).json()).toMatchObject({ status: 'no_new_plays', playsInserted: 0 });

  await page.goto(`${AUTH_SITE_URL}/history?range=all`);
  await expect(page.getByText('Song 0.0').first()).toBeVisible();
  await logInAsOwner(page);
  await expect(page.getByTestId('plays-24h')).toHaveText('5');
  await expect(page.getByTestId('runs')).toContainText('no_new_plays');
});

test('a second Spotify account is refused with a clear page and nothing of it is stored', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${AUTH_SITE_URL}/connect`);
  await expect(page.getByLabel('CRON_SECRET')).toHaveCount(0);
  await page.getByRole('button', { name: 'Connect Spotify' }).click();
  await page.getByRole('link', { name: 'Agree as Stranger' }).click();
  await expect(page).toHaveURL(`${AUTH_SITE_URL}/connect/refused`);
  await expect(page.getByRole('heading', { name: 'This site belongs to someone else' })).toBeVisible();
  expect((await storedAccounts()).map((a) => a.spotifyUserId)).toEqual(['e2e-owner-account']);
  const status = await page.goto(`${AUTH_SITE_URL}/status`);
  expect(status?.status()).toBe(404);
  await context.close();
});

test('when Spotify refuses the authorization, the owner sees a reconnect button, and reconnecting resumes ingestion', async ({ page }) => {
  await logInAsOwner(page);
  await markNeedsReconnect();
  expect(await (await cron(E2E_SECRETS.CRON_SECRET)).json()).toMatchObject({ status: 'needs_reconnect', playsFetched: 0 });
  await page.reload();
  await expect(page.getByTestId('connection-state')).toHaveText('E2E Owner — needs reconnect');
  await page.getByRole('link', { name: 'Reconnect Spotify' }).click();
  await page.getByRole('button', { name: 'Reconnect Spotify' }).click();
  await page.getByRole('link', { name: 'Agree as E2E Owner' }).click();
  await expect(page.getByTestId('connection-state')).toHaveText('E2E Owner — connected');
  expect(await (await cron(E2E_SECRETS.CRON_SECRET)).json()).toMatchObject({ status: 'no_new_plays', playsFetched: 5, playsInserted: 0 });
});

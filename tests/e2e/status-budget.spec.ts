import AxeBuilder from '@axe-core/playwright';
import { createClient, type InStatement, type Row } from '@libsql/client';
import type { Page } from '@playwright/test';
import { AUTH_DB_PATH, AUTH_SITE_URL, E2E_SECRETS } from '../fakes/e2e-env';
import { expect, test } from './test';

/**
 * /status shows the Spotify requests of the last 24 h against the enrichment budget (the
 * site's default, 800) and the queue by kind with its estimate. Runs on the site the owner
 * connects (after connect.spec, or claiming it first when run alone); the two tables are set
 * to known contents for each test and put back as they were afterwards.
 */
test.describe.configure({ mode: 'serial' });

const HOUR = 3_600_000;
const TABLES = ['spotify_requests', 'enrichment_queue'] as const;

async function execute(statements: InStatement[]): Promise<Row[][]> {
  const client = createClient({ url: `file:./${AUTH_DB_PATH}` });
  try {
    return (await client.batch(statements, 'write')).map((result) => result.rows);
  } finally {
    client.close();
  }
}

let saved: Row[][] = [];

test.beforeAll(async () => {
  saved = await execute(TABLES.map((table) => `SELECT * FROM ${table}`));
});

test.afterAll(async () => {
  const restore = TABLES.flatMap((table, i) => [
    `DELETE FROM ${table}`,
    ...saved[i]!.map((row) => {
      const columns = Object.keys(row);
      return {
        sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        args: columns.map((c) => row[c] ?? null),
      };
    }),
  ]);
  await execute(restore);
});

/** Requests this hour, and `tracks` track tasks, 10 album covers due and 2 genre lookups that failed. */
async function setUp({ poll, enrich, tracks }: { poll: number; enrich: number; tracks: number }): Promise<void> {
  const now = Date.now();
  await execute([
    ...TABLES.map((table) => `DELETE FROM ${table}`),
    {
      sql: "INSERT INTO spotify_requests (hour, purpose, requests) VALUES (?, 'poll', ?), (?, 'enrich', ?)",
      args: [Math.floor(now / HOUR), poll, Math.floor(now / HOUR), enrich],
    },
    `WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)
      INSERT INTO enrichment_queue (kind, target_id, next_attempt_at, created_at) SELECT 'track_art', 900000 + i, 0, 0 FROM n`,
    {
      sql: "INSERT INTO enrichment_queue (kind, target_id, attempts, next_attempt_at, created_at) VALUES ('artist_genres', 900001, 1, ?, 0), ('artist_genres', 900002, 1, ?, 0)",
      args: [now + 30 * 24 * HOUR, now + 30 * 24 * HOUR],
    },
    {
      sql: `WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
        INSERT INTO enrichment_queue (kind, target_id, next_attempt_at, created_at) SELECT 'track', 900000 + i, 0, 0 FROM n`,
      args: [tracks],
    },
  ]);
}

async function logInAsOwner(page: Page): Promise<void> {
  await page.goto(`${AUTH_SITE_URL}/connect`);
  const secret = page.getByLabel('CRON_SECRET');
  if (await secret.count()) await secret.fill(E2E_SECRETS.CRON_SECRET);
  await page.getByRole('button', { name: /Connect Spotify/ }).click();
  await page.getByRole('link', { name: 'Agree as E2E Owner' }).click();
  await expect(page).toHaveURL(`${AUTH_SITE_URL}/status`);
}

const queueRow = (page: Page, label: string) => page.getByTestId('queue-by-kind').getByRole('row', { name: label }).getByRole('cell');
/** A day from now, to the hour: "by about 3 Mar 2026, 14:00". */
const IN_A_DAY = /^done in about a day, by about \d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:00$/;
const SOON = /^done in (a few minutes|about \d+ minutes), by about \d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2}$/;
const FAILING = 'done, but for 2 failing, tried again later';

test('the requests of the last 24 h against the budget, and the queue by kind with when it will be done', async ({ page }) => {
  await setUp({ poll: 12, enrich: 312, tracks: 1_000 });
  await logInAsOwner(page);
  const requests = page.getByRole('region', { name: 'Spotify requests, last 24 h' });
  await expect(requests.getByTestId('requests-poll')).toHaveText('Polling: 12 requests');
  await expect(requests.getByTestId('requests-enrich')).toHaveText('Enrichment: 312 of 800 requests');
  const meter = requests.getByRole('meter', { name: 'Enrichment requests of the daily budget' });
  await expect(meter).toHaveAttribute('aria-valuenow', '312');
  await expect(meter).toHaveAttribute('aria-valuemax', '800');
  await expect(requests).toContainText('Polling is never refused');

  // 1 000 track credits: 488 are left of today's 800, the other 512 take a day.
  await expect(queueRow(page, 'Track credits (Spotify, budgeted)')).toHaveText(['1,000', '1,000', '0', IN_A_DAY]);
  await expect(queueRow(page, 'Album art (oEmbed)')).toHaveText(['10', '10', '0', SOON]);
  await expect(queueRow(page, 'Artist pictures (oEmbed)')).toHaveText(['0', '0', '0', 'done']);
  await expect(queueRow(page, 'Genres (MusicBrainz/ListenBrainz)')).toHaveText(['2', '0', '2', FAILING]);
  await expect(page.getByTestId('queue-estimate')).toHaveText(/^The whole queue: done in about a day, by about .+\.$/);
  await expect(page.getByTestId('queue-depth')).toHaveText('1,012 (1,010 due)');

  const results = await new AxeBuilder({ page })
    .include('section[aria-labelledby="requests-heading"]')
    .include('section[aria-labelledby="queue-heading"]')
    .analyze();
  expect(results.violations.map((violation) => violation.id)).toEqual([]);
});

test('with the budget spent today, even one track credit waits a day; polling goes on', async ({ page }) => {
  await setUp({ poll: 1, enrich: 800, tracks: 1 });
  await logInAsOwner(page);
  await expect(page.getByTestId('requests-poll')).toHaveText('Polling: 1 request');
  await expect(page.getByTestId('requests-enrich')).toHaveText('Enrichment: 800 of 800 requests');
  await expect(page.getByRole('meter', { name: 'Enrichment requests of the daily budget' })).toHaveAttribute('aria-valuenow', '800');
  await expect(queueRow(page, 'Track credits (Spotify, budgeted)')).toHaveText(['1', '1', '0', IN_A_DAY]);
});

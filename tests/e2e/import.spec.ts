import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import type { Page } from '@playwright/test';
import { AUTH_SITE_URL, E2E_SECRETS } from '../fakes/e2e-env';
import { expect, test } from './test';

/**
 * The owner imports Spotify's zip on /import in the browser, on the site the owner connects
 * (after connect.spec, or claiming it first when run alone), and the pages then show it.
 */
test.describe.configure({ mode: 'serial' });

const FIXTURES = path.join(process.cwd(), 'tests/fixtures/spotify-export');

/** my_spotify_data.zip as Spotify sends it: the history nested in a folder, beside other files. */
function exportZip(): Buffer {
  const file = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
  const zip = zipSync({
    'Spotify Extended Streaming History': {
      'Streaming_History_Audio_2023.json': file('Streaming_History_Audio_2023.json'),
      'endsong_0.json': file('endsong_0.json'),
      'skipped_tracks.json': file('skipped_tracks.json'),
      'ReadMeFirst_ExtendedStreamingHistory.pdf': new Uint8Array([37, 80, 68, 70]),
    },
  });
  return Buffer.from(zip);
}

async function logInAsOwner(page: Page): Promise<void> {
  await page.goto(`${AUTH_SITE_URL}/connect`);
  const secret = page.getByLabel('CRON_SECRET');
  if (await secret.count()) await secret.fill(E2E_SECRETS.CRON_SECRET);
  await page.getByRole('button', { name: /Connect Spotify/ }).click();
  await page.getByRole('link', { name: 'Agree as E2E Owner' }).click();
  await expect(page).toHaveURL(`${AUTH_SITE_URL}/status`);
}

async function importZip(page: Page): Promise<void> {
  await page.goto(`${AUTH_SITE_URL}/import`);
  await page.getByLabel(/Export files/).setInputFiles({ name: 'my_spotify_data.zip', mimeType: 'application/zip', buffer: exportZip() });
  await page.getByRole('button', { name: 'Import' }).click();
}

/** The value of the summary line labelled exactly `label`. */
const summaryValue = (page: Page, label: string) =>
  page
    .getByTestId('import-summary')
    .locator('dt', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) })
    .locator('xpath=following-sibling::dd[1]');

test('nobody but the owner may import', async ({ page }) => {
  const pageResponse = await page.goto(`${AUTH_SITE_URL}/import`);
  expect(pageResponse?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expect(page.getByLabel(/Export files/)).toHaveCount(0);
  const response = await page.request.post(`${AUTH_SITE_URL}/api/import`, {
    data: { file: 'x', music: [], episodes: [], rows: 0, incognito: 0, unidentified: 0, cover: null },
  });
  expect(response.status()).toBe(404);
});

test('the owner imports the zip: progress, the summary, then the history on the pages', async ({ page }) => {
  await logInAsOwner(page);
  // Slow each batch a little so the progress bar can be seen.
  await page.route('**/api/import', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  await importZip(page);
  await expect(page.getByTestId('import-progress')).toBeVisible();
  await expect(page.getByTestId('import-summary')).toBeVisible({ timeout: 20_000 });
  await expect(summaryValue(page, 'Files imported')).toHaveText('3');
  await expect(summaryValue(page, 'Rows read')).toHaveText('21');
  await expect(summaryValue(page, 'Streams added as plays')).toHaveText('8');
  await expect(summaryValue(page, 'Streams added as skips (under 30 s)')).toHaveText('11');
  await expect(summaryValue(page, 'Already stored')).toHaveText('1');
  await expect(summaryValue(page, 'Incognito, not stored')).toHaveText('1');
  await expect(summaryValue(page, 'Refused files')).toHaveText('none');
  await expect(summaryValue(page, 'In refused files, not stored')).toHaveText('0');

  await expect(page.getByRole('link', { name: 'See the history' })).toHaveAttribute('href', '/history');
  await page.goto(`${AUTH_SITE_URL}/history?range=all`);
  await expect(page.getByText('Fly Free').first()).toBeVisible();
  await expect(page.getByText('Calm Down').first()).toBeVisible();
  await page.goto(`${AUTH_SITE_URL}/artists?range=all`);
  await expect(page.getByRole('link', { name: 'Nubya Garcia' }).first()).toBeVisible();
});

test('importing the same zip again adds nothing', async ({ page }) => {
  await logInAsOwner(page);
  await importZip(page);
  await expect(page.getByTestId('import-summary')).toBeVisible({ timeout: 20_000 });
  await expect(summaryValue(page, 'Streams added as plays')).toHaveText('0');
  await expect(summaryValue(page, 'Streams added as skips (under 30 s)')).toHaveText('0');
  await expect(summaryValue(page, 'Already stored')).toHaveText('20');
});

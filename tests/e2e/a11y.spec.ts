import { ItemDetailPage } from './pages/detail-page';
import { StatsPage } from './pages/stats-page';
import { expect, expectNoAxeViolations, saveScreenshot, test } from './test';

/** Every page, with data, passes axe; each is saved as test-results/screenshots/<name>.png. */
const PAGES = [
  { name: 'overview', path: '/?range=2025', chart: true },
  { name: 'overview-default', path: '/', chart: true },
  { name: 'tracks', path: '/tracks?range=2025', chart: false },
  { name: 'artists', path: '/artists?range=2025', chart: false },
  { name: 'albums', path: '/albums?range=2025', chart: false },
  { name: 'genres', path: '/genres?range=2025', chart: false },
  { name: 'history', path: '/history?range=2025', chart: false },
  { name: 'track', path: '/tracks/3?range=2025', chart: true },
  { name: 'artist', path: '/artists/1?range=2025', chart: true },
  { name: 'album', path: '/albums/1?range=2025', chart: true },
  { name: 'genre', path: '/genres/indie-rock?range=2025', chart: true },
  { name: 'no-plays', path: '/?range=2023', chart: false },
  { name: 'invalid-query', path: '/?range=forever', chart: false },
] as const;

test.describe('accessibility and screenshots', () => {
  for (const { name, path, chart } of PAGES) {
    test(`${name} (${path})`, async ({ page }) => {
      const stats = new ItemDetailPage(page);
      await stats.goto(path);
      if (chart) {
        await stats.waitForChart();
        await expect(stats.chartSummary).not.toBeEmpty();
      }
      await expectNoAxeViolations(page);
      await saveScreenshot(page, name);
    });
  }

  test('overview in dark mode', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const overview = new StatsPage(page);
    await overview.goto('/?range=2025');
    await overview.waitForChart();
    expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'overview-dark');
  });

  test('top list and detail page in dark mode', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const [name, path] of [
      ['tracks-dark', '/tracks?range=2025'],
      ['artist-dark', '/artists/1?range=2025'],
    ] as const) {
      const stats = new StatsPage(page);
      await stats.goto(path);
      await expectNoAxeViolations(page);
      await saveScreenshot(page, name);
    }
  });

  test('charts have a text alternative', async ({ page }) => {
    const overview = new StatsPage(page);
    await overview.goto('/?range=2025');
    await overview.waitForChart();
    await expect(page.getByTestId('plays-chart')).toHaveAttribute('aria-hidden', 'true');
    const figure = page.getByRole('figure');
    await expect(figure.getByTestId('chart-summary')).toBeVisible();
    await figure.getByText('Show the data').click();
    const table = figure.getByRole('table');
    await expect(table.getByRole('row')).toHaveCount(54);
    await expect(table.getByRole('row', { name: 'Week of 2025-03-10 4' })).toBeVisible();
  });
});

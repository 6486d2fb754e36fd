import { MARCH_2025, YEAR_2024, YEAR_2025 } from './expected';
import { StatsPage } from './pages/stats-page';
import { expect, test } from './test';

const PAGES = [
  { kind: 'tracks', heading: 'Top tracks', rows: YEAR_2025.tracks },
  { kind: 'artists', heading: 'Top artists', rows: YEAR_2025.artists },
  { kind: 'albums', heading: 'Top albums', rows: YEAR_2025.albums },
  { kind: 'genres', heading: 'Top genres', rows: YEAR_2025.genres },
] as const;

test.describe('top lists', () => {
  for (const { kind, heading, rows } of PAGES) {
    test(`/${kind} ranks the year's ${kind}`, async ({ page }) => {
      const list = new StatsPage(page);
      await list.goto(`/${kind}?range=2025`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
      await expect(list.listCount).toHaveText(`Showing ${rows.length} of ${rows.length} ${kind}`);
      await list.expectTopRows(kind, rows);
    });
  }

  test('ranks by minutes', async ({ page }) => {
    const list = new StatsPage(page);
    await list.goto('/tracks?range=2025&by=minutes');
    await expect(list.metricLink('Minutes')).toHaveAttribute('aria-current', 'true');
    await list.expectTopRows('tracks', YEAR_2025.tracksByMinutes);
  });

  test('shows a custom period', async ({ page }) => {
    const list = new StatsPage(page);
    await list.goto(`/tracks?from=${MARCH_2025.from}&to=${MARCH_2025.to}`);
    await expect(list.rangeLabel).toHaveText('2025-03-01 – 2025-03-31');
    await list.expectTopRows('tracks', MARCH_2025.tracks);
  });

  test('shows more rows on request', async ({ page }) => {
    const list = new StatsPage(page);
    await list.goto('/tracks?range=2025&limit=2');
    await expect(list.listCount).toHaveText('Showing 2 of 5 tracks');
    await list.expectTopRows('tracks', YEAR_2025.tracks.slice(0, 2));
    await page.getByRole('link', { name: 'Show more' }).click();
    await list.expectLocation('/tracks?range=2025&limit=52');
    await expect(list.listCount).toHaveText('Showing 5 of 5 tracks');
    await list.expectTopRows('tracks', YEAR_2025.tracks);
    await expect(page.getByRole('link', { name: 'Show more' })).toHaveCount(0);
  });

  test('shows an earlier year', async ({ page }) => {
    const list = new StatsPage(page);
    await list.goto('/artists?range=2024');
    await list.expectTopRows('artists', YEAR_2024.artists);
  });
});

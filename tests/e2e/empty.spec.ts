import { StatsPage } from './pages/stats-page';
import { EMPTY_URL } from './servers';
import { expect, expectNoAxeViolations, saveScreenshot, test } from './test';

/** A second `next start` of the same build reads a migrated database with no plays. */
test.use({ baseURL: EMPTY_URL });

const PAGES = ['/', '/tracks', '/artists', '/albums', '/genres', '/history', '/?range=2025', '/tracks/1', '/artists/1?range=all'];

test.describe('empty database', () => {
  for (const path of PAGES) {
    test(`${path} says there is no history yet`, async ({ page }) => {
      const stats = new StatsPage(page);
      await stats.goto(path);
      const notice = stats.notice('empty-library');
      await expect(notice).toBeVisible();
      await expect(notice.getByRole('heading', { level: 1 })).toHaveText('No listening history yet');
      await expect(stats.picker).toHaveCount(0);
      await expect(page.getByTestId('top-row')).toHaveCount(0);
      await expect(page.getByTestId('plays-list')).toHaveCount(0);
    });
  }

  test('an invalid period is still explained', async ({ page }) => {
    const stats = new StatsPage(page);
    await stats.goto('/tracks?range=forever');
    await expect(stats.notice('invalid-query')).toBeVisible();
    await expect(stats.notice('empty-library')).toHaveCount(0);
  });

  test('the API answers with zeros and empty lists', async ({ request }) => {
    const overview = await request.get('/api/stats/overview?range=all');
    expect(overview.status()).toBe(200);
    const body = (await overview.json()) as {
      totals: Record<string, unknown>;
      series: unknown[];
      top: Record<string, unknown[]>;
      recent: unknown[];
    };
    expect(body.totals).toEqual({
      plays: 0,
      msPlayed: 0,
      skips: 0,
      tracks: 0,
      artists: 0,
      albums: 0,
      genres: 0,
      firstDay: null,
      lastDay: null,
    });
    expect(body.series).toEqual([]);
    expect(body.top).toEqual({ tracks: [], artists: [], albums: [], genres: [] });
    expect(body.recent).toEqual([]);
    const top = await request.get('/api/stats/top/artists');
    expect(await top.json()).toMatchObject({ total: 0, items: [] });
  });

  test('the empty page is accessible', async ({ page }) => {
    const stats = new StatsPage(page);
    await stats.goto('/');
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'empty-overview');
  });
});

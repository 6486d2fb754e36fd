import { StatsPage } from './pages/stats-page';
import { expect, test } from './test';

const CASES = [
  { path: '/?range=forever', message: '"forever" is not a range' },
  { path: '/tracks?range=1999', message: '"1999" is not a range' },
  { path: '/artists?by=seconds', message: '"by" must be "plays" or "minutes", not "seconds".' },
  { path: '/albums?from=2025-02-30', message: '"2025-02-30" is not a date like 2025-03-31.' },
  { path: '/genres?from=2025-04-01&to=2025-03-01', message: 'The start (2025-04-01) is after the end (2025-03-01).' },
  { path: '/tracks?range=2025&limit=0', message: '"limit" must be a whole number from 1 to 500.' },
  { path: '/history?page=-1', message: '"page" must be a whole number from 1.' },
  { path: '/artists/1?range=next-year', message: '"next-year" is not a range' },
] as const;

test.describe('invalid periods', () => {
  for (const { path, message } of CASES) {
    test(`${path} explains what is wrong`, async ({ page }) => {
      const stats = new StatsPage(page);
      await stats.goto(path);
      const notice = stats.notice('invalid-query');
      await expect(notice).toBeVisible();
      await expect(notice.getByRole('heading')).toHaveText('That period can’t be shown');
      await expect(notice).toContainText(message);
      await expect(stats.picker).toHaveCount(0);
    });
  }

  test('the notice links back to a period that works', async ({ page }) => {
    const stats = new StatsPage(page);
    await stats.goto('/tracks?range=forever');
    await page.getByRole('link', { name: 'Show the last 4 weeks instead' }).click();
    await stats.expectLocation('/tracks');
    await expect(stats.picker).toBeVisible();
    await expect(stats.topRows('tracks')).toHaveCount(1);
  });
});

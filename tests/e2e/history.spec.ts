import { YEAR_2024, YEAR_2025 } from './expected';
import { NAMES } from './fixture-catalog';
import { HistoryPage } from './pages/history-page';
import { expect, test } from './test';

test.describe('history', () => {
  test('lists every stream of the period, skips included, newest first', async ({ page }) => {
    const history = new HistoryPage(page);
    await history.goto('/history?range=2025');
    await expect(history.count).toHaveText(YEAR_2025.history.count);
    await expect(history.rows).toHaveCount(YEAR_2025.history.rows);
    await expect(history.rows.getByText('skip', { exact: true })).toHaveCount(YEAR_2025.history.skips);
    await expect(history.trackLinks().first()).toHaveText(NAMES.script);
    await expect(history.trackLinks().last()).toHaveText(NAMES.glassRiver);
    await expect(history.rows.last().locator('time')).toHaveText('1 Jan 2025, 00:30');
  });

  test('follows the picker', async ({ page }) => {
    const history = new HistoryPage(page);
    await history.goto('/history?range=2025');
    await history.chooseRange('2024');
    await history.expectLocation('/history?range=2024');
    await expect(history.count).toHaveText(YEAR_2024.history.count);
    await expect(history.rows).toHaveCount(YEAR_2024.history.rows);
    // 23:45 on New Year's Eve in Berlin: still 2024.
    await expect(history.rows.first().locator('time')).toHaveText('31 Dec 2024, 23:45');
  });
});

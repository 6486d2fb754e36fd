import { ALL_TIME, LAST_4_WEEKS, YEAR_2025 } from './expected';
import { NAMES } from './fixture-catalog';
import { StatsPage } from './pages/stats-page';
import { expect, test } from './test';

test.describe('overview', () => {
  test('shows the totals, top lists, chart and clock of a year', async ({ page }) => {
    const overview = new StatsPage(page);
    await overview.goto('/?range=2025');
    await expect(overview.rangeLabel).toHaveText('2025 · 2025-01-01 – 2025-12-31');
    await overview.expectTiles(YEAR_2025.tiles);
    await overview.expectTopRows('tracks', YEAR_2025.tracks);
    await overview.expectTopRows('artists', YEAR_2025.artists);
    await overview.expectTopRows('albums', YEAR_2025.albums);
    await overview.expectTopRows('genres', YEAR_2025.genres);
    await overview.waitForChart();
    await expect(overview.chartSummary).toHaveText(YEAR_2025.chartSummary);
  });

  test('counts plays in the site time zone', async ({ page }) => {
    const overview = new StatsPage(page);
    await overview.goto('/?range=2025');
    const clock = page.getByTestId('listening-clock');
    // 00:30 on Wednesday 1 January 2025 in Berlin is 23:30 on Tuesday in UTC.
    await expect(clock.locator('td[title="Wed 0:00 — 1 plays"]')).toHaveCount(1);
    await expect(clock.locator('td[title="Tue 23:00 — 0 plays"]')).toHaveCount(1);
    await expect(clock.getByRole('cell', { name: '1 plays', exact: true })).toHaveCount(15);
  });

  test('lists the last plays of the period, newest first', async ({ page }) => {
    const overview = new StatsPage(page);
    await overview.goto('/?range=2025');
    const recent = page.getByRole('region', { name: 'Last plays' }).getByTestId('play-row');
    await expect(recent).toHaveCount(10);
    await expect(recent.first().getByRole('link').first()).toHaveText(NAMES.script);
    await expect(recent.first().locator('time')).toHaveText('31 Dec 2025, 23:30');
  });

  test('defaults to the last four weeks', async ({ page }) => {
    const overview = new StatsPage(page);
    await overview.goto('/');
    await expect(overview.rangeLabel).toContainText('Last 4 weeks · ');
    await expect(overview.rangeLink('Last 4 weeks')).toHaveAttribute('aria-current', 'true');
    await overview.expectTiles(LAST_4_WEEKS.tiles);
    await overview.expectTopRows('tracks', LAST_4_WEEKS.tracks);
    await overview.waitForChart();
  });

  test('shows all time', async ({ page }) => {
    const overview = new StatsPage(page);
    await overview.goto('/?range=all');
    await expect(overview.rangeLabel).toHaveText('All time');
    await overview.expectTiles(ALL_TIME.tiles);
    await overview.expectTopRows('tracks', ALL_TIME.tracks);
    await overview.expectTopRows('artists', ALL_TIME.artists);
    await overview.expectTopRows('genres', ALL_TIME.genres);
  });

  test('says so when the period has no plays', async ({ page }) => {
    const overview = new StatsPage(page);
    await overview.goto('/?range=2023');
    await expect(overview.notice('no-plays')).toBeVisible();
    await expect(overview.tile('plays')).toHaveCount(0);
  });
});

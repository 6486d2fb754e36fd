import { ALL_TIME, LAST_4_WEEKS, MARCH_2025, YEAR_2024, YEAR_2025 } from './expected';
import { StatsPage } from './pages/stats-page';
import { expect, test } from './test';

test.describe('range switching', () => {
  test('the picker offers the presets and every year with plays', async ({ page }) => {
    const overview = new StatsPage(page);
    await overview.goto('/?range=2025');
    // The first year is the one of the recent plays: this year, except in early January.
    await expect(overview.picker.getByRole('link')).toHaveText([
      'Last 4 weeks',
      'Last 6 months',
      'Last 12 months',
      'All time',
      /^20\d\d$/,
      '2025',
      '2024',
      'Plays',
      'Minutes',
    ]);
    await expect(overview.rangeLink('2025')).toHaveAttribute('aria-current', 'true');
  });

  test('year and preset links change the URL and the numbers', async ({ page }) => {
    const overview = new StatsPage(page);
    await overview.goto('/');
    await overview.expectTiles(LAST_4_WEEKS.tiles);

    await overview.chooseRange('2025');
    await overview.expectLocation('/?range=2025');
    await expect(overview.rangeLink('2025')).toHaveAttribute('aria-current', 'true');
    await overview.expectTiles(YEAR_2025.tiles);

    await overview.chooseRange('2024');
    await overview.expectLocation('/?range=2024');
    await overview.expectTiles(YEAR_2024.tiles);
    await overview.expectTopRows('tracks', YEAR_2024.tracks);

    await overview.chooseRange('All time');
    await overview.expectLocation('/?range=all');
    await expect(overview.rangeLabel).toHaveText('All time');
    await overview.expectTiles(ALL_TIME.tiles);

    await overview.chooseRange('Last 4 weeks');
    await overview.expectLocation('/');
    await overview.expectTiles(LAST_4_WEEKS.tiles);
  });

  test('ranking by minutes keeps the period, and back', async ({ page }) => {
    const list = new StatsPage(page);
    await list.goto('/tracks?range=all');
    await list.expectTopRows('tracks', ALL_TIME.tracks);

    await list.rankBy('Minutes');
    await list.expectLocation('/tracks?range=all&by=minutes');
    await expect(list.metricLink('Minutes')).toHaveAttribute('aria-current', 'true');
    await list.expectTopRows('tracks', ALL_TIME.tracksByMinutes);

    await list.chooseRange('2025');
    await list.expectLocation('/tracks?range=2025&by=minutes');
    await list.expectTopRows('tracks', YEAR_2025.tracksByMinutes);

    await list.rankBy('Plays');
    await list.expectLocation('/tracks?range=2025');
    await list.expectTopRows('tracks', YEAR_2025.tracks);
  });

  test('the custom period form', async ({ page }) => {
    const overview = new StatsPage(page);
    await overview.goto('/?range=2025');
    await overview.chooseCustomPeriod(MARCH_2025.from, MARCH_2025.to);
    await overview.expectLocation(`/?from=${MARCH_2025.from}&to=${MARCH_2025.to}`);
    await expect(overview.rangeLabel).toHaveText(`${MARCH_2025.from} – ${MARCH_2025.to}`);
    await overview.expectTiles(MARCH_2025.tiles);
    await overview.expectTopRows('tracks', MARCH_2025.tracks);
    await overview.waitForChart();
    await expect(overview.chartBars).toHaveCount(MARCH_2025.days);
    await expect(overview.chartSummary).toHaveText(MARCH_2025.chartSummary);
    // The form shows the period it is showing.
    await expect(overview.picker.getByLabel('From')).toHaveValue(MARCH_2025.from);

    await overview.rankBy('Minutes');
    await overview.expectLocation(`/?from=${MARCH_2025.from}&to=${MARCH_2025.to}&by=minutes`);
    await expect(overview.chartSummary).toHaveText(MARCH_2025.chartSummaryByMinutes);
  });

  test('the custom period form keeps ranking by minutes', async ({ page }) => {
    const list = new StatsPage(page);
    await list.goto('/tracks?range=2025&by=minutes');
    await list.chooseCustomPeriod(MARCH_2025.from, MARCH_2025.to);
    await list.expectLocation(`/tracks?from=${MARCH_2025.from}&to=${MARCH_2025.to}&by=minutes`);
    await list.expectTopRows('tracks', MARCH_2025.tracks);
  });

  test('the main navigation carries the period to other pages', async ({ page }) => {
    const overview = new StatsPage(page);
    await overview.goto('/?range=2024&by=minutes');
    await overview.navLink('Artists').click();
    await overview.expectLocation('/artists?range=2024&by=minutes');
    await expect(overview.navLink('Artists')).toHaveAttribute('aria-current', 'page');
    await overview.expectTopRows('artists', YEAR_2024.artists);
    await overview.topList('artists').getByTestId('item-name').first().click();
    await overview.expectLocation('/artists/3?range=2024&by=minutes');
    await overview.navLink('Overview').click();
    await overview.expectLocation('/?range=2024&by=minutes');
    await overview.expectTiles(YEAR_2024.tiles);
  });
});

import { NAMES } from './fixture-catalog';
import { ItemDetailPage } from './pages/detail-page';
import { HistoryPage } from './pages/history-page';
import { StatsPage } from './pages/stats-page';
import { expect, test } from './test';

/** Markup in names must reach the page as text; the shared fixture fails on any dialog. */
test.describe('hostile names', () => {
  test('markup in names is shown as text, never run', async ({ page }) => {
    const overview = new StatsPage(page);
    await overview.goto('/?range=2025');
    const script = overview.topList('tracks').getByRole('link', { name: NAMES.script, exact: true });
    await expect(script).toHaveText(NAMES.script);
    expect(await script.evaluate((link) => link.childElementCount)).toBe(0);
    const img = overview.topList('albums').getByRole('link', { name: NAMES.imgAlbum, exact: true });
    await expect(img).toHaveText(NAMES.imgAlbum);
    await expect(page.locator('img[src="x"]')).toHaveCount(0);

    const track = new ItemDetailPage(page);
    await script.click();
    await expect(track.name).toHaveText(NAMES.script);
    expect(await track.name.evaluate((heading) => heading.childElementCount)).toBe(0);
    await expect(track.main.getByRole('link', { name: NAMES.imgAlbum, exact: true })).toBeVisible();
    await track.waitForChart();
  });

  test('right-to-left names render whole and isolated', async ({ page }) => {
    const list = new StatsPage(page);
    await list.goto('/tracks?range=2025');
    const arabic = list.topList('tracks').getByRole('link', { name: NAMES.arabic, exact: true });
    await expect(arabic).toHaveText(NAMES.arabic);
    await expect(arabic).toHaveCSS('unicode-bidi', 'isolate');
    const hebrew = list.topList('tracks').getByRole('link', { name: NAMES.hebrew, exact: true });
    await expect(hebrew).toHaveText(NAMES.hebrew);
    await expect(hebrew).toHaveCSS('unicode-bidi', 'isolate');

    const artist = new ItemDetailPage(page);
    await hebrew.click();
    await expect(artist.name).toHaveText(NAMES.hebrew);
    await expect(artist.name).toHaveCSS('unicode-bidi', 'isolate');
  });

  test('emoji names render as they are', async ({ page }) => {
    const history = new HistoryPage(page);
    await history.goto('/history?range=2025');
    await expect(history.rows.getByRole('link', { name: NAMES.rocket, exact: true })).toHaveText([NAMES.rocket, NAMES.rocket]);
    await expect(history.rows.getByRole('link', { name: NAMES.emoji, exact: true })).toHaveCount(2);
    const albums = new StatsPage(page);
    await albums.goto('/albums?range=2025');
    await expect(albums.topList('albums').getByTestId('item-name').last()).toHaveText(NAMES.neon);
  });

  test('the API returns names unchanged', async ({ request }) => {
    const response = await request.get('/api/stats/top/tracks?range=2025');
    const body = (await response.json()) as { items: { name: string }[] };
    expect(body.items.map((item) => item.name)).toEqual(expect.arrayContaining([NAMES.script, NAMES.arabic, NAMES.rocket]));
  });
});

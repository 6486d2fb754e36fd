import { DETAILS_2025 } from './expected';
import { NAMES } from './fixture-catalog';
import { ItemDetailPage } from './pages/detail-page';
import { expect, test } from './test';

test.describe('detail pages', () => {
  test('a track: facts of the period and of all time, in the site time zone', async ({ page }) => {
    const { path, ...facts } = DETAILS_2025.glassRiver;
    const track = new ItemDetailPage(page);
    await track.goto(`${path}?range=2025`);
    await expect(track.name).toHaveText(NAMES.glassRiver);
    await expect(track.main.getByRole('link', { name: NAMES.aurora })).toBeVisible();
    await expect(track.main.getByRole('link', { name: NAMES.northernLights })).toBeVisible();
    await expect(track.fact('plays')).toHaveText(facts.plays);
    await expect(track.fact('time')).toHaveText(facts.time);
    await expect(track.fact('skips')).toHaveText(facts.skips);
    await expect(track.fact('lifetime-plays')).toHaveText(facts.lifetime);
    await expect(track.fact('first')).toHaveText(facts.first);
    await expect(track.fact('last')).toHaveText(facts.last);
    await track.waitForChart();
  });

  test('a multi-artist track names every artist', async ({ page }) => {
    const track = new ItemDetailPage(page);
    await track.goto('/tracks/2?range=2025');
    await expect(track.name).toHaveText(NAMES.paperMoon);
    await expect(track.name.locator('xpath=following-sibling::p[1]')).toHaveText(
      `${NAMES.aurora} & ${NAMES.hum} · ${NAMES.northernLights}`,
    );
  });

  test('an artist: facts, genres and own top lists', async ({ page }) => {
    const { path, genres, tracks, albums, ...facts } = DETAILS_2025.aurora;
    const artist = new ItemDetailPage(page);
    await artist.goto(`${path}?range=2025`);
    await expect(artist.name).toHaveText(NAMES.aurora);
    await expect(artist.genreLinks()).toHaveText([...genres]);
    await expect(artist.fact('plays')).toHaveText(facts.plays);
    await expect(artist.fact('time')).toHaveText(facts.time);
    await expect(artist.fact('skips')).toHaveText(facts.skips);
    await expect(artist.fact('lifetime-plays')).toHaveText(facts.lifetime);
    await artist.expectTopRows('tracks', tracks);
    await artist.expectTopRows('albums', albums);
    await artist.waitForChart();
  });

  test('an album: facts and its tracks', async ({ page }) => {
    const { path, tracks, ...facts } = DETAILS_2025.northernLights;
    const album = new ItemDetailPage(page);
    await album.goto(`${path}?range=2025`);
    await expect(album.name).toHaveText(NAMES.northernLights);
    await expect(album.fact('plays')).toHaveText(facts.plays);
    await expect(album.fact('time')).toHaveText(facts.time);
    await expect(album.fact('skips')).toHaveText(facts.skips);
    await expect(album.fact('lifetime-plays')).toHaveText(facts.lifetime);
    await album.expectTopRows('tracks', tracks);
  });

  test('a genre shared by two artists counts each play once', async ({ page }) => {
    const { path, artists, tracks, ...facts } = DETAILS_2025.indieRock;
    const genre = new ItemDetailPage(page);
    await genre.goto(`${path}?range=2025`);
    await expect(genre.name).toHaveText(NAMES.indieRock);
    await expect(genre.fact('plays')).toHaveText(facts.plays);
    await expect(genre.fact('time')).toHaveText(facts.time);
    await expect(genre.fact('skips')).toHaveText(facts.skips);
    await expect(genre.fact('lifetime-plays')).toHaveText(facts.lifetime);
    await genre.expectTopRows('artists', artists);
    await genre.expectTopRows('tracks', tracks);
  });

  test("a genre's artists leave out guests of other genres", async ({ page }) => {
    const { path, artists, tracks, plays } = DETAILS_2025.dreamPop;
    const genre = new ItemDetailPage(page);
    await genre.goto(`${path}?range=2025`);
    await expect(genre.fact('plays')).toHaveText(plays);
    await genre.expectTopRows('artists', artists);
    await genre.expectTopRows('tracks', tracks);
  });

  test('links from a top list keep the period', async ({ page }) => {
    const { path, plays, lifetime, tracks } = DETAILS_2025.hebrew;
    const artist = new ItemDetailPage(page);
    await artist.goto('/artists?range=2025');
    await artist.topList('artists').getByRole('link', { name: NAMES.hebrew }).click();
    await artist.expectLocation(`${path}?range=2025`);
    await expect(artist.name).toHaveText(NAMES.hebrew);
    await expect(artist.fact('plays')).toHaveText(plays);
    await expect(artist.fact('lifetime-plays')).toHaveText(lifetime);
    await artist.expectTopRows('tracks', tracks);
  });

  test('an unknown item is not found', async ({ page }) => {
    for (const path of ['/tracks/999', '/artists/abc', '/genres/no-such-genre']) {
      // The shell is streamed before the item is looked up, so the status stays 200: Next
      // marks the page noindex instead.
      await page.goto(path);
      await expect(page.getByRole('heading', { name: 'Not found' }), path).toBeVisible();
      await expect(page.locator('head meta[name="robots"]'), path).toHaveAttribute('content', 'noindex');
      await expect(page.getByTestId('detail-name')).toHaveCount(0);
    }
  });
});

import type { APIRequestContext } from '@playwright/test';
import { MARCH_2025, YEAR_2025 } from './expected';
import { StatsPage } from './pages/stats-page';
import { expect, test } from './test';

type ApiItem = { rank: number; name: string; plays: number; msPlayed: number; url: string };
type TopResponse = { range: { key: string; from: string; to: string; timeZone: string }; by: string; total: number; items: ApiItem[] };

const KINDS = ['tracks', 'artists', 'albums', 'genres'] as const;

async function getJson<T>(request: APIRequestContext, url: string): Promise<T> {
  const response = await request.get(url);
  expect(response.status(), url).toBe(200);
  expect(response.headers()['content-type']).toContain('application/json');
  return (await response.json()) as T;
}

test.describe('JSON API', () => {
  for (const kind of KINDS) {
    test(`/api/stats/top/${kind} matches the /${kind} page`, async ({ page, request }) => {
      const api = await getJson<TopResponse>(request, `/api/stats/top/${kind}?range=2025`);
      const expected = YEAR_2025[kind];
      expect(api.total).toBe(expected.length);
      expect(api.items.map((item) => [item.name, item.plays])).toEqual(expected.map(([name, plays]) => [name, plays]));
      expect(api.items.map((item) => item.rank)).toEqual(expected.map((_, i) => i + 1));

      const list = new StatsPage(page);
      await list.goto(`/${kind}?range=2025`);
      await expect(list.topList(kind).getByTestId('item-name')).toHaveText(api.items.map((item) => item.name));
      await expect(list.topList(kind).getByTestId('item-plays')).toHaveText(api.items.map((item) => String(item.plays)));
      // Each item's url is its page, which names it.
      await expect(list.topList(kind).getByTestId('item-name').first()).toHaveAttribute('href', `${api.items[0]!.url}?range=2025`);
    });
  }

  test('a year is the local calendar year of the site', async ({ request }) => {
    const api = await getJson<TopResponse>(request, '/api/stats/top/tracks?range=2025&limit=2');
    expect(api.range).toEqual({ key: '2025', from: '2024-12-31T23:00:00.000Z', to: '2025-12-31T22:59:59.999Z', timeZone: 'Europe/Berlin' });
    expect(api.items).toHaveLength(2);
    expect(api.total).toBe(5);
  });

  test('ranks by minutes and takes custom periods like the page', async ({ page, request }) => {
    const query = `from=${MARCH_2025.from}&to=${MARCH_2025.to}&by=minutes`;
    const api = await getJson<TopResponse>(request, `/api/stats/top/tracks?${query}`);
    expect(api.by).toBe('minutes');
    expect(api.items.map((item) => [item.name, item.plays])).toEqual(MARCH_2025.tracks.map(([name, plays]) => [name, plays]));
    const list = new StatsPage(page);
    await list.goto(`/tracks?${query}`);
    await list.expectTopRows(
      'tracks',
      api.items.map((item) => [item.name, item.plays] as const),
    );
  });

  test('/api/stats/overview matches the overview page', async ({ page, request }) => {
    type Overview = {
      totals: { plays: number; msPlayed: number; skips: number; tracks: number; artists: number; albums: number; genres: number };
      series: { plays: number }[];
      top: Record<(typeof KINDS)[number], ApiItem[]>;
    };
    const api = await getJson<Overview>(request, '/api/stats/overview?range=2025');
    expect(api.totals).toMatchObject({ plays: 15, msPlayed: 3_720_000, skips: 3, tracks: 5, artists: 4, albums: 3, genres: 3 });
    expect(api.series).toHaveLength(53);
    expect(api.series.reduce((sum, point) => sum + point.plays, 0)).toBe(15);

    const overview = new StatsPage(page);
    await overview.goto('/?range=2025');
    await expect(overview.tile('plays')).toHaveText(String(api.totals.plays));
    await expect(overview.tile('tracks')).toHaveText(String(api.totals.tracks));
    await expect(overview.tile('artists')).toHaveText(String(api.totals.artists));
    await expect(overview.tile('albums')).toHaveText(String(api.totals.albums));
    await expect(overview.tile('skips')).toHaveText(String(api.totals.skips));
    for (const kind of KINDS) {
      await overview.expectTopRows(
        kind,
        api.top[kind].map((item) => [item.name, item.plays] as const),
      );
    }
  });

  test('answers 400 with JSON naming the bad parameter', async ({ request }) => {
    const cases = [
      ['/api/stats/overview?range=forever', 'range'],
      ['/api/stats/overview?by=seconds', 'by'],
      ['/api/stats/overview?from=2025-02-30', 'from'],
      ['/api/stats/overview?from=2025-03-01&to=2025-13-01', 'to'],
      ['/api/stats/overview?from=2025-04-01&to=2025-03-01', 'from'],
      ['/api/stats/top/tracks?limit=0', 'limit'],
      ['/api/stats/top/tracks?limit=many', 'limit'],
      ['/api/stats/top/songs', 'kind'],
    ] as const;
    for (const [url, parameter] of cases) {
      const response = await request.get(url);
      expect(response.status(), url).toBe(400);
      const body = (await response.json()) as { error: { parameter: string; message: string } };
      expect(body.error.parameter, url).toBe(parameter);
      expect(body.error.message, url).not.toBe('');
    }
  });
});

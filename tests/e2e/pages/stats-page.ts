import { expect, type Locator, type Page } from '@playwright/test';
import type { TopKind } from '@/lib/stats-kinds';

/** One ranked row as the page shows it: name and plays (rank follows from the order). */
export type ExpectedRow = readonly [name: string, plays: number];

export type TileId = 'plays' | 'time' | 'tracks' | 'artists' | 'albums' | 'skips';

/**
 * Next keeps pages left by client-side navigation in the DOM, hidden (React Activity), so
 * page-level locators only match what is shown.
 */
export function shown(locator: Locator): Locator {
  return locator.filter({ visible: true });
}

/**
 * Any stats page (overview, top lists, history, detail pages): the period picker, the
 * totals tiles, ranked lists and the chart.
 */
export class StatsPage {
  readonly main: Locator;
  readonly picker: Locator;
  readonly rangeLabel: Locator;
  readonly chartSummary: Locator;
  readonly chartBars: Locator;
  /** "Showing 5 of 5 tracks" on the top list pages. */
  readonly listCount: Locator;

  constructor(readonly page: Page) {
    this.main = page.getByRole('main');
    this.picker = shown(page.getByTestId('range-picker'));
    this.rangeLabel = shown(page.getByTestId('range-label'));
    this.chartSummary = shown(page.getByTestId('chart-summary'));
    this.listCount = shown(page.getByTestId('list-count'));
    this.chartBars = shown(page.getByTestId('plays-chart')).locator('.recharts-bar-rectangle');
  }

  /** Opens a path and waits for the streamed content (the picker, or a notice instead). */
  async goto(pathAndQuery: string): Promise<void> {
    await this.page.goto(pathAndQuery);
    await expect(this.picker.or(this.notice('empty-library')).or(this.notice('invalid-query'))).toBeVisible();
  }

  /** recharts draws in the browser only, after hydration: wait for the bars themselves. */
  async waitForChart(): Promise<void> {
    await expect(this.chartBars.first()).toBeVisible();
  }

  async expectLocation(pathAndQuery: string): Promise<void> {
    await expect
      .poll(() => {
        const url = new URL(this.page.url());
        return `${url.pathname}${url.search}`;
      })
      .toBe(pathAndQuery);
  }

  notice(id: 'empty-library' | 'invalid-query' | 'no-plays'): Locator {
    return shown(this.page.getByTestId(id));
  }

  tile(id: TileId): Locator {
    return shown(this.page.getByTestId(`total-${id}`)).getByRole('definition');
  }

  async expectTiles(tiles: Record<TileId, string>): Promise<void> {
    for (const [id, value] of Object.entries(tiles)) {
      await expect(this.tile(id as TileId), `tile ${id}`).toHaveText(value);
    }
  }

  topList(kind: TopKind): Locator {
    return shown(this.page.getByTestId(`top-${kind}`));
  }

  topRows(kind: TopKind): Locator {
    return this.topList(kind).getByTestId('top-row');
  }

  /** The list shows exactly these rows, in this order, ranked 1, 2, 3… */
  async expectTopRows(kind: TopKind, rows: readonly ExpectedRow[]): Promise<void> {
    const list = this.topList(kind);
    await expect(list.getByTestId('item-name'), `${kind} names`).toHaveText(rows.map(([name]) => name));
    await expect(list.getByTestId('item-plays'), `${kind} plays`).toHaveText(rows.map(([, plays]) => String(plays)));
    await expect(this.topRows(kind).locator('td:first-child'), `${kind} ranks`).toHaveText(rows.map((_, i) => String(i + 1)));
  }

  rangeLink(label: string): Locator {
    return this.picker.getByRole('link', { name: label, exact: true });
  }

  async chooseRange(label: string): Promise<void> {
    await this.rangeLink(label).click();
  }

  metricLink(metric: 'Plays' | 'Minutes'): Locator {
    return this.picker.getByRole('group', { name: 'Rank by' }).getByRole('link', { name: metric, exact: true });
  }

  async rankBy(metric: 'Plays' | 'Minutes'): Promise<void> {
    await this.metricLink(metric).click();
  }

  /** Fills the custom period form (dates as YYYY-MM-DD) and submits it. */
  async chooseCustomPeriod(from: string, to: string): Promise<void> {
    const form = this.picker.getByRole('form', { name: 'Custom period' });
    await form.getByLabel('From').fill(from);
    await form.getByLabel('To').fill(to);
    await form.getByRole('button', { name: 'Show period' }).click();
  }

  navLink(label: string): Locator {
    return this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true });
  }
}

import type { Locator, Page } from '@playwright/test';
import { shown, StatsPage } from './stats-page';

/** Every stream of the period, skips included, newest first. */
export class HistoryPage extends StatsPage {
  readonly count: Locator;
  readonly rows: Locator;

  constructor(page: Page) {
    super(page);
    this.count = shown(page.getByTestId('history-count'));
    this.rows = shown(page.getByTestId('plays-list')).getByTestId('play-row');
  }

  /** The track link of each row (the other links are its artists). */
  trackLinks(): Locator {
    return this.rows.locator('a[href^="/tracks/"]');
  }
}

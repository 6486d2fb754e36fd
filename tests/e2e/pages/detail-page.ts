import type { Locator, Page } from '@playwright/test';
import { shown, StatsPage } from './stats-page';

export type FactId = 'plays' | 'time' | 'skips' | 'lifetime-plays' | 'first' | 'last';

/** A track, artist, album or genre page: its name, facts and own top lists. */
export class ItemDetailPage extends StatsPage {
  readonly name: Locator;

  constructor(page: Page) {
    super(page);
    this.name = shown(page.getByTestId('detail-name'));
  }

  fact(id: FactId): Locator {
    return shown(this.page.getByTestId(`fact-${id}`)).getByRole('definition');
  }

  /** The genre chips under an artist's name. */
  genreLinks(): Locator {
    return shown(this.main.getByRole('list', { name: 'Genres' })).getByRole('link');
  }
}

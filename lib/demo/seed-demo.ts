import type { Database } from '@/db';
import { insertCatalog, insertGeneratedPlays } from '@/db/import/seed';
import { countPlays } from '@/db/owner/status';
import { generateHistory, type HistoryOptions } from './generate';

export const DEMO_HISTORY: Omit<HistoryOptions, 'endDay' | 'timeZone'> = {
  seed: 20_240_501,
  plays: 36_000,
  tracks: 2_400,
  artists: 420,
  days: 730,
};

/** Fills an empty database with the demo history ending on `endDay`; leaves any other alone. */
export async function seedDemoIfEmpty(db: Database, endDay: string, timeZone: string): Promise<number> {
  if ((await countPlays(db)) > 0) return 0;
  const { catalog, plays } = generateHistory({ ...DEMO_HISTORY, endDay, timeZone });
  await insertCatalog(db, catalog);
  await insertGeneratedPlays(db, plays);
  return plays.length;
}

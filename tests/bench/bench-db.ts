import { existsSync, rmSync } from 'node:fs';
import { createDatabase, type Database } from '@/db';
import { migrateDatabase } from '@/db/migrate';
import { insertCatalog, insertGeneratedPlays } from '@/db/import/seed';
import { syncLocalTimes } from '@/lib/owner';
import { generateHistory } from '@/lib/demo/generate';

export type BenchSize = { plays: number; tracks: number; artists: number; years: number; timeZone: string; endDay: string };

/** Opens the synthetic database of this size, generating it first if it does not exist yet. */
export async function openBenchDatabase(path: string, size: BenchSize, fresh: boolean): Promise<Database> {
  if (fresh) for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  const exists = existsSync(path);
  const db = createDatabase(`file:${path}`);
  await migrateDatabase(db);
  await syncLocalTimes(db, size.timeZone);
  if (!exists) {
    const started = performance.now();
    const { catalog, plays } = generateHistory({
      seed: 42,
      plays: size.plays,
      tracks: size.tracks,
      artists: size.artists,
      days: Math.round(size.years * 365.25),
      endDay: size.endDay,
      timeZone: size.timeZone,
    });
    await insertCatalog(db, catalog);
    await insertGeneratedPlays(db, plays);
    console.log(
      `Generated ${plays.length.toLocaleString('en-US')} plays in ${((performance.now() - started) / 1000).toFixed(1)} s → ${path}`,
    );
  }
  return db;
}

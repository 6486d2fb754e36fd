import { existsSync, rmSync } from 'node:fs';
import { createDatabase, type Database } from '@/db';
import { migrateDatabase } from '@/db/migrate';
import { insertCatalog, insertGeneratedPlays } from '@/db/import/seed';
import { syncLocalTimes } from '@/lib/owner';
import { generateHistory } from '@/lib/demo/generate';
import { startLibsqlServer, type LibsqlServer } from '@/tests/fakes/libsql-server';

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

/** A bench database (opened, so generated, before) behind the hosted-libSQL stand-in, `latencyMs` added to every request. */
export async function serveBenchDatabase(
  path: string,
  latencyMs: number,
): Promise<{ db: Database; server: LibsqlServer; close: () => Promise<void> }> {
  const server = await startLibsqlServer({ path, latencyMs });
  const db = createDatabase(server.url);
  return {
    db,
    server,
    close: async () => {
      db.$client.close();
      await server.close();
    },
  };
}

import { getDb } from '@/db';
import { migrateDatabase } from '@/db/migrate';
import { getEnv } from '@/lib/env';
import { syncLocalTimes } from '@/lib/owner';
import { runCli } from './run';

/** `npm run db:migrate`: applies migrations and re-derives local times if the zone changed. */
export async function prepareDatabase(): Promise<void> {
  const env = getEnv();
  const db = getDb();
  await migrateDatabase(db);
  const updated = await syncLocalTimes(db, env.SITE_TIMEZONE);
  if (updated > 0) console.log(`Recomputed local times of ${updated} plays for ${env.SITE_TIMEZONE}.`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runCli(async () => {
    await prepareDatabase();
    console.log(`Database ready: ${getEnv().TURSO_DATABASE_URL}`);
  });
}

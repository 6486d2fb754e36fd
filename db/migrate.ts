import { migrate } from 'drizzle-orm/libsql/migrator';
import path from 'node:path';
import type { Database } from './index';

const MIGRATIONS_FOLDER = path.join(process.cwd(), 'drizzle');

/** Applies every pending migration in `drizzle/`; safe to run on every start. */
export async function migrateDatabase(db: Database): Promise<void> {
  if (db.$client.protocol === 'file') {
    // WAL lets the site keep reading while an ingest or import writes.
    await db.$client.execute('PRAGMA journal_mode = WAL');
  }
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

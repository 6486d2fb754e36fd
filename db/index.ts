import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { getEnv } from '@/lib/env';
import * as schema from './schema';

export type Database = LibSQLDatabase<typeof schema> & { $client: Client };

/** Builds a client; a local file's folder is created because libSQL will not (SQLITE_CANTOPEN). */
export function createDatabase(url: string, authToken?: string): Database {
  if (url.startsWith('file:')) {
    mkdirSync(dirname(url.slice('file:'.length)), { recursive: true });
  }
  const client = createClient({ url, authToken });
  return drizzle(client, { schema });
}

let shared: Database | undefined;

/** The app's database, opened on first use so importing this module has no side effects. */
export function getDb(): Database {
  if (!shared) {
    const env = getEnv();
    shared = createDatabase(env.TURSO_DATABASE_URL, env.TURSO_AUTH_TOKEN);
  }
  return shared;
}

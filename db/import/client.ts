import 'server-only';
import { createClient, type Client } from '@libsql/client';
import { pathToFileURL } from 'node:url';
import type { Database } from '@/db';

export type ImportClient = { client: Client; close(): void };

/**
 * The client an import writes through. On an embedded database it is a connection of its own
 * with foreign-key enforcement off, as the client's own migrate() does: otherwise each play's
 * INSERT looks its track up in `tracks`, about 40 % of the INSERT on a million rows, to find
 * ids the import itself read or created in the same transaction.
 *
 * The pragma belongs to a connection and cannot change inside a transaction, and the shared
 * client's connections are pooled and reused: a connection of the import's own never goes
 * back to that pool, so the site's writes keep their checks (and their cascades) whatever
 * becomes of the import. A remote database (Turso) or an in-memory one keeps the shared client.
 */
export async function openImportClient(db: Database): Promise<ImportClient> {
  const shared: ImportClient = { client: db.$client, close() {} };
  if (db.$client.protocol !== 'file') return shared;
  const main = (await db.$client.execute('PRAGMA database_list')).rows.find((row) => row.name === 'main');
  const file = main ? String(main.file ?? '') : '';
  if (file === '') return shared;
  // One connection: the one the pragma is set on is the one the import's transaction takes.
  const client = createClient({ url: pathToFileURL(file).href, concurrency: 1 });
  try {
    await client.execute('PRAGMA foreign_keys = OFF');
    return { client, close: () => client.close() };
  } catch (error) {
    client.close();
    throw error;
  }
}

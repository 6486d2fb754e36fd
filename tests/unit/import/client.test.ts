import { describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '@/db';
import { openImportClient } from '@/db/import/client';
import { count, eachTestDatabaseAndFolder, exportTs, extendedRow, importPaths, trackUri } from './helpers';

const ctx = eachTestDatabaseAndFolder({ remote: false });

const foreignKeys = async (client: Database['$client']) => Number((await client.execute('PRAGMA foreign_keys')).rows[0]![0]);

/** A play of a track that does not exist: refused wherever foreign keys are enforced. */
const insertOrphanPlay = (db: Database) =>
  db.$client
    .execute(`INSERT INTO plays (ended_at, track_id, ms_played, ms_played_estimated, source, counted, local_day, local_hour, local_weekday)
    VALUES (1700000000000, 999999, 200000, 0, 'export', 1, '2023-11-14', 22, 2)`);

describe('the connection an import writes through', () => {
  it('is its own on an embedded database, without foreign-key checks, while the site keeps them', async () => {
    const own = await openImportClient(ctx.db);
    expect(own.client).not.toBe(ctx.db.$client);
    expect(await foreignKeys(own.client)).toBe(0);
    expect(await foreignKeys(ctx.db.$client)).toBe(1);
    own.close();
    expect(own.client.closed).toBe(true);
  });

  it('is the shared client where no second connection reaches the same data (in memory)', async () => {
    const memory = createDatabase('file::memory:');
    try {
      const own = await openImportClient(memory);
      expect(own.client).toBe(memory.$client);
      own.close();
      expect(memory.$client.closed).toBe(false);
    } finally {
      memory.$client.close();
    }
  });

  it('leaves every connection of the site checking foreign keys after an import commits or a file is refused', async () => {
    const good = ctx.folder.write(
      'Streaming_History_Audio_0.json',
      JSON.stringify([extendedRow({ ts: exportTs(Date.UTC(2024, 4, 1, 10)), spotify_track_uri: trackUri(1) })]),
    );
    const bad = ctx.folder.write('Streaming_History_Audio_1.json', '[{"ts": ');
    const summary = await importPaths(ctx.db, [good, bad]);
    expect(summary.playsAdded).toBe(1);
    expect(summary.rejected).toHaveLength(1);
    expect(await foreignKeys(ctx.db.$client)).toBe(1);
    await expect(insertOrphanPlay(ctx.db)).rejects.toThrow(/FOREIGN KEY constraint failed/);
    expect(await count(ctx.db, 'SELECT count(*) AS n FROM plays')).toBe(1);
    // What the import wrote through its own connection is there for the site's.
    expect(await count(ctx.db, 'SELECT count(*) AS n FROM plays p JOIN tracks t ON t.id = p.track_id')).toBe(1);
  });
});

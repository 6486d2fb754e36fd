import 'server-only';
import type { Database } from '@/db';
import { toLocalParts } from '@/lib/time';
import { toObjects } from '@/db/sql';

const TIMEZONE_KEY = 'timezone';
const BATCH = 5_000;

async function readSetting(db: Database, key: string): Promise<string | null> {
  const [row] = toObjects<{ value: string }>(await db.$client.execute({ sql: 'SELECT value FROM settings WHERE key = ?', args: [key] }));
  return row?.value ?? null;
}

/**
 * Local days and hours are stored precomputed, so when SITE_TIMEZONE changes they are
 * recomputed once, in one transaction (the rollup triggers follow the updates).
 * Returns how many plays were updated.
 */
export async function syncLocalTimes(db: Database, timeZone: string): Promise<number> {
  const stored = await readSetting(db, TIMEZONE_KEY);
  if (stored === timeZone) return 0;
  const transaction = await db.$client.transaction('write');
  let updated = 0;
  try {
    if (stored !== null) {
      for (let lastId = 0; ;) {
        const rows = toObjects<{ id: number; endedAt: number }>(
          await transaction.execute({
            sql: 'SELECT id, ended_at AS endedAt FROM plays WHERE id > ? ORDER BY id LIMIT ?',
            args: [lastId, BATCH],
          }),
        );
        if (rows.length === 0) break;
        await transaction.batch(
          rows.map((row) => {
            const local = toLocalParts(row.endedAt, timeZone);
            return {
              sql: 'UPDATE plays SET local_day = ?, local_hour = ?, local_weekday = ? WHERE id = ?',
              args: [local.day, local.hour, local.weekday, row.id],
            };
          }),
        );
        updated += rows.length;
        lastId = rows.at(-1)!.id;
      }
      await transaction.execute('DELETE FROM day_hour_stats WHERE plays = 0 AND skips = 0');
      await transaction.batch([
        'DELETE FROM track_months WHERE plays = 0',
        'DELETE FROM genre_months WHERE plays = 0',
        'DELETE FROM clock_months WHERE plays = 0 AND ms_played = 0',
      ]);
    }
    await transaction.execute({
      sql: 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      args: [TIMEZONE_KEY, timeZone],
    });
    await transaction.commit();
  } finally {
    transaction.close();
  }
  return updated;
}

export async function countPlays(db: Database): Promise<number> {
  const [row] = toObjects<{ n: number }>(await db.$client.execute('SELECT count(*) AS n FROM plays'));
  return row!.n;
}

import 'server-only';
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { dayHourStats, plays, settings } from '@/db/schema';
import type { LocalParts } from '@/lib/time';
import { getSetting } from './settings';

const TIMEZONE_KEY = 'timezone';
const BATCH = 5_000;

/** The zone local times are kept in, and the caller's rule for an instant's local day and hour in it. */
export type LocalTimeRule = { timeZone: string; localParts: (endedAt: number) => LocalParts };

/**
 * Local days and hours are stored precomputed, so when the site's zone changes they are
 * recomputed once, in one transaction (the rollup triggers follow the updates). The first zone
 * is only recorded. Returns how many plays were updated.
 */
export async function recomputeLocalTimes(db: Database, { timeZone, localParts }: LocalTimeRule): Promise<number> {
  const stored = await getSetting(db, TIMEZONE_KEY);
  if (stored === timeZone) return 0;
  return db.transaction(async (tx) => {
    let updated = 0;
    if (stored !== null) {
      for (let lastId = 0; ;) {
        const rows = await tx
          .select({ id: plays.id, endedAt: plays.endedAt })
          .from(plays)
          .where(gt(plays.id, lastId))
          .orderBy(plays.id)
          .limit(BATCH);
        if (rows.length === 0) break;
        const local = rows.map(({ id, endedAt }) => {
          const { day, hour, weekday } = localParts(endedAt);
          return [id, day, hour, weekday];
        });
        // Set-wise: the page travels as one JSON argument, one statement rather than one per play.
        await tx
          .update(plays)
          .set({ localDay: sql`j.value->>1`, localHour: sql`j.value->>2`, localWeekday: sql`j.value->>3` })
          .from(sql`json_each(${JSON.stringify(local)}) AS j`)
          .where(eq(plays.id, sql`j.value->>0`));
        updated += rows.length;
        lastId = rows.at(-1)!.id;
      }
      await tx.delete(dayHourStats).where(and(eq(dayHourStats.plays, 0), eq(dayHourStats.skips, 0)));
      // The monthly rollups are WITHOUT ROWID tables, which Drizzle cannot declare (db/schema.ts).
      await tx.run(sql`DELETE FROM track_months WHERE plays = 0`);
      await tx.run(sql`DELETE FROM genre_months WHERE plays = 0`);
      await tx.run(sql`DELETE FROM clock_months WHERE plays = 0 AND ms_played = 0`);
    }
    await tx
      .insert(settings)
      .values({ key: TIMEZONE_KEY, value: timeZone })
      .onConflictDoUpdate({ target: settings.key, set: { value: timeZone } });
    return updated;
  });
}

import 'server-only';
import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Database } from '@/db';
import { alerts, type Alert } from '@/db/schema';

/**
 * Opens an incident unless it is already open. True means "this is new: send the alert";
 * an open incident stays silent however many runs hit it, until resolveAlert closes it.
 */
export async function openAlert(db: Database, key: string, now: number): Promise<boolean> {
  const result = await db
    .insert(alerts)
    .values({ key, firstSentAt: now, lastSentAt: now })
    .onConflictDoUpdate({
      target: alerts.key,
      set: { firstSentAt: now, lastSentAt: now, resolvedAt: null },
      setWhere: isNotNull(alerts.resolvedAt),
    });
  return result.rowsAffected > 0;
}

/** Closes an open incident; true when one was open. */
export async function closeAlert(db: Database, key: string, now: number): Promise<boolean> {
  const result = await db
    .update(alerts)
    .set({ resolvedAt: now })
    .where(and(eq(alerts.key, key), isNull(alerts.resolvedAt)));
  return result.rowsAffected > 0;
}

export function selectOpenAlerts(db: Database): Promise<Alert[]> {
  return db.select().from(alerts).where(isNull(alerts.resolvedAt)).orderBy(desc(alerts.firstSentAt));
}

import 'server-only';
import type { Database } from '@/db';
import type { Alert } from '@/db/schema';
import { readRows } from '@/db/sql';

/**
 * Opens an incident unless it is already open. True means "this is new: send the alert";
 * an open incident stays silent however many runs hit it, until resolveAlert closes it.
 */
export async function openAlert(db: Database, key: string, now: number): Promise<boolean> {
  const result = await db.$client.execute({
    sql: `INSERT INTO alerts (key, first_sent_at, last_sent_at) VALUES (?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET first_sent_at = excluded.first_sent_at, last_sent_at = excluded.last_sent_at, resolved_at = NULL
      WHERE alerts.resolved_at IS NOT NULL`,
    args: [key, now, now],
  });
  return result.rowsAffected > 0;
}

/** Closes an open incident; true when one was open. */
export async function closeAlert(db: Database, key: string, now: number): Promise<boolean> {
  const result = await db.$client.execute({
    sql: 'UPDATE alerts SET resolved_at = ? WHERE key = ? AND resolved_at IS NULL',
    args: [now, key],
  });
  return result.rowsAffected > 0;
}

export function selectOpenAlerts(db: Database): Promise<Alert[]> {
  return readRows<Alert>(
    db,
    `SELECT key, first_sent_at AS firstSentAt, last_sent_at AS lastSentAt, resolved_at AS resolvedAt
      FROM alerts WHERE resolved_at IS NULL ORDER BY first_sent_at DESC`,
  );
}

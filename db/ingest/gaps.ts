import 'server-only';
import type { Database } from '@/db';
import type { Gap } from '@/db/schema';
import { readRows } from '@/db/sql';

const COLUMNS = 'id, from_ms AS fromMs, to_ms AS toMs, detected_at AS detectedAt, closed_at AS closedAt, closed_by AS closedBy';

export function selectGaps(db: Database, limit = 50): Promise<Gap[]> {
  return readRows<Gap>(db, `SELECT ${COLUMNS} FROM gaps ORDER BY closed_at IS NOT NULL, detected_at DESC LIMIT ?`, [limit]);
}

/**
 * Closes every open gap that lies inside [fromMs, toMs] — call it after an import whose
 * history covers that window. Returns how many were closed.
 */
export async function closeGapsCoveredBy(db: Database, fromMs: number, toMs: number, closedBy: string, now = Date.now()): Promise<number> {
  const result = await db.$client.execute({
    sql: 'UPDATE gaps SET closed_at = ?, closed_by = ? WHERE closed_at IS NULL AND from_ms >= ? AND to_ms <= ?',
    args: [now, closedBy, fromMs, toMs],
  });
  return result.rowsAffected;
}

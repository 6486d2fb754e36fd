import 'server-only';
import { and, desc, gte, isNotNull, isNull, lte } from 'drizzle-orm';
import type { Database } from '@/db';
import { gaps, type Gap } from '@/db/schema';

/** Open gaps first, then the newest. */
export function selectGaps(db: Database, { limit = 50 }: { limit?: number } = {}): Promise<Gap[]> {
  return db.select().from(gaps).orderBy(isNotNull(gaps.closedAt), desc(gaps.detectedAt)).limit(limit);
}

/**
 * Closes every open gap that lies inside [fromMs, toMs] — call it after an import whose
 * history covers that window. Returns how many were closed.
 */
export async function closeGapsCoveredBy(
  db: Database,
  { fromMs, toMs, closedBy, now = Date.now() }: { fromMs: number; toMs: number; closedBy: string; now?: number },
): Promise<number> {
  const result = await db
    .update(gaps)
    .set({ closedAt: now, closedBy })
    .where(and(isNull(gaps.closedAt), gte(gaps.fromMs, fromMs), lte(gaps.toMs, toMs)));
  return result.rowsAffected;
}

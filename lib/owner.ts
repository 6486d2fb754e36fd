import 'server-only';
import { getDb, type Database } from '@/db';
import { selectOwnerAccountSummary, type OwnerAccountSummary } from '@/db/owner/spotify-accounts';
import { selectPipelineStatus, type PipelineStatus } from '@/db/owner/status';
import { recomputeLocalTimes } from '@/db/owner/time-zone';
import { toLocalParts } from './time';

export type { OwnerAccountSummary, PipelineStatus };

/** The owner's connection as pages may show it (no token), or null before anyone connected. */
export function getOwnerAccountSummary(): Promise<OwnerAccountSummary | null> {
  return selectOwnerAccountSummary(getDb());
}

/** Everything /status shows, read now. */
export function getPipelineStatus(): Promise<PipelineStatus> {
  return selectPipelineStatus(getDb());
}

/**
 * Keeps the stored local days and hours in `timeZone` (SITE_TIMEZONE): recomputes them when
 * the zone changed since the last call. Returns how many plays were updated.
 */
export function syncLocalTimes(db: Database, timeZone: string): Promise<number> {
  return recomputeLocalTimes(db, { timeZone, localParts: (endedAt) => toLocalParts(endedAt, timeZone) });
}

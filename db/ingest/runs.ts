import 'server-only';
import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { ingestRuns, type IngestRun } from '@/db/schema';
import { deleteSetting, getSetting, putSetting } from '@/db/owner/settings';

const PAUSED_KEY = 'spotify_paused_until';

export async function getPausedUntil(db: Database): Promise<number | null> {
  const value = await getSetting(db, PAUSED_KEY);
  return value === null ? null : Number(value);
}

export async function setPausedUntil(db: Database, until: number | null): Promise<void> {
  if (until === null) await deleteSetting(db, PAUSED_KEY);
  else await putSetting(db, { key: PAUSED_KEY, value: String(until) });
}

export type RunTrigger = IngestRun['trigger'];
export type RunOutcome = Pick<IngestRun, 'status' | 'playsFetched' | 'playsInserted' | 'gapDetected' | 'enriched' | 'error'>;

/**
 * Records a run and takes the ingest lock in one statement: the row is 'running' only if no
 * other run started within `lockMs` is still running, so of two overlapping runs exactly one
 * gets it (nothing waits, so nothing can deadlock), and a crashed run's lock lapses. The run
 * record is the lock: a run that finds nothing new writes nothing else.
 */
export async function startRun(
  db: Database,
  { trigger, startedAt, lockMs }: { trigger: RunTrigger; startedAt: number; lockMs: number },
): Promise<{ id: number; busy: boolean }> {
  const running = db
    .select({ id: ingestRuns.id })
    .from(ingestRuns)
    .where(and(eq(ingestRuns.status, 'running'), gt(ingestRuns.startedAt, startedAt - lockMs)));
  const [run] = await db
    .insert(ingestRuns)
    .values({ trigger, startedAt, status: sql`CASE WHEN EXISTS ${running} THEN 'busy' ELSE 'running' END` })
    .returning({ id: ingestRuns.id, status: ingestRuns.status });
  return { id: run!.id, busy: run!.status === 'busy' };
}

export async function finishRun(
  db: Database,
  { id, outcome, finishedAt, durationMs }: { id: number; outcome: RunOutcome; finishedAt: number; durationMs: number },
): Promise<void> {
  await db
    .update(ingestRuns)
    .set({
      status: outcome.status,
      playsFetched: outcome.playsFetched,
      playsInserted: outcome.playsInserted,
      gapDetected: outcome.gapDetected,
      enriched: outcome.enriched,
      error: outcome.error,
      finishedAt,
      durationMs,
    })
    .where(eq(ingestRuns.id, id));
}

/** The newest runs first. */
export function selectRecentRuns(db: Database, { limit }: { limit: number }): Promise<IngestRun[]> {
  return db.select().from(ingestRuns).orderBy(desc(ingestRuns.startedAt), desc(ingestRuns.id)).limit(limit);
}

export async function selectLastSuccessfulRun(db: Database): Promise<IngestRun | null> {
  const [run] = await db
    .select()
    .from(ingestRuns)
    .where(inArray(ingestRuns.status, ['ok', 'no_new_plays']))
    .orderBy(desc(ingestRuns.startedAt), desc(ingestRuns.id))
    .limit(1);
  return run ?? null;
}

import 'server-only';
import type { Database } from '@/db';
import type { IngestRun } from '@/db/schema';
import { readRows } from '@/db/sql';

const PAUSED_KEY = 'spotify_paused_until';

export async function getPausedUntil(db: Database): Promise<number | null> {
  const [row] = await readRows<{ value: string }>(db, 'SELECT value FROM settings WHERE key = ?', [PAUSED_KEY]);
  return row ? Number(row.value) : null;
}

export async function setPausedUntil(db: Database, until: number | null): Promise<void> {
  if (until === null) {
    await db.$client.execute({ sql: 'DELETE FROM settings WHERE key = ?', args: [PAUSED_KEY] });
    return;
  }
  await db.$client.execute({
    sql: 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    args: [PAUSED_KEY, String(until)],
  });
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
  trigger: RunTrigger,
  startedAt: number,
  lockMs: number,
): Promise<{ id: number; busy: boolean }> {
  const result = await db.$client.execute({
    sql: `INSERT INTO ingest_runs (trigger, started_at, status)
      SELECT ?, ?, CASE WHEN EXISTS (SELECT 1 FROM ingest_runs WHERE status = 'running' AND started_at > ?) THEN 'busy' ELSE 'running' END
      RETURNING id, status`,
    args: [trigger, startedAt, startedAt - lockMs],
  });
  const row = result.rows[0]!;
  return { id: Number(row.id), busy: row.status === 'busy' };
}

export async function finishRun(db: Database, id: number, outcome: RunOutcome, finishedAt: number, durationMs: number): Promise<void> {
  await db.$client.execute({
    sql: `UPDATE ingest_runs SET status = ?, plays_fetched = ?, plays_inserted = ?, gap_detected = ?, enriched = ?, error = ?,
        finished_at = ?, duration_ms = ? WHERE id = ?`,
    args: [
      outcome.status,
      outcome.playsFetched,
      outcome.playsInserted,
      outcome.gapDetected ? 1 : 0,
      outcome.enriched,
      outcome.error,
      finishedAt,
      durationMs,
      id,
    ],
  });
}

const RUN_COLUMNS = `id, trigger, started_at AS startedAt, finished_at AS finishedAt, status, plays_fetched AS playsFetched,
  plays_inserted AS playsInserted, gap_detected AS gapDetected, enriched, error, duration_ms AS durationMs`;

export async function selectRecentRuns(db: Database, limit: number): Promise<IngestRun[]> {
  const rows = await readRows<IngestRun>(db, `SELECT ${RUN_COLUMNS} FROM ingest_runs ORDER BY started_at DESC, id DESC LIMIT ?`, [limit]);
  return rows.map((row) => ({ ...row, gapDetected: Boolean(row.gapDetected) }));
}

export async function selectLastSuccessfulRun(db: Database): Promise<IngestRun | null> {
  const [row] = await readRows<IngestRun>(
    db,
    `SELECT ${RUN_COLUMNS} FROM ingest_runs WHERE status IN ('ok', 'no_new_plays') ORDER BY started_at DESC, id DESC LIMIT 1`,
  );
  return row ? { ...row, gapDetected: Boolean(row.gapDetected) } : null;
}

import 'server-only';
import type { Database } from '@/db';
import type { IngestRun } from '@/db/schema';
import { readRows } from './sql';

const LEASE_KEY = 'ingest_lease';
const PAUSED_KEY = 'spotify_paused_until';

/**
 * Takes the ingest lease in one statement, so of two overlapping runs exactly one gets it
 * (no lock is held while waiting, so nothing can deadlock). A crashed run's lease expires.
 * The value is "<expires at ms>|<holder>".
 */
export async function acquireIngestLease(db: Database, holder: string, now: number, ttlMs: number): Promise<boolean> {
  const result = await db.$client.execute({
    sql: `INSERT INTO settings (key, value) VALUES (?, ?)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value
      WHERE CAST(substr(settings.value, 1, instr(settings.value, '|') - 1) AS INTEGER) < ?`,
    args: [LEASE_KEY, `${now + ttlMs}|${holder}`, now],
  });
  return result.rowsAffected > 0;
}

export async function releaseIngestLease(db: Database, holder: string): Promise<void> {
  await db.$client.execute({ sql: "DELETE FROM settings WHERE key = ? AND substr(value, instr(value, '|') + 1) = ?", args: [LEASE_KEY, holder] });
}

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

export async function insertRun(db: Database, trigger: RunTrigger, startedAt: number): Promise<number> {
  const result = await db.$client.execute({
    sql: "INSERT INTO ingest_runs (trigger, started_at, status) VALUES (?, ?, 'running')",
    args: [trigger, startedAt],
  });
  return Number(result.lastInsertRowid);
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

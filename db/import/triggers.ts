import 'server-only';
import type { InStatement, Transaction } from '@libsql/client';
import { toObjects } from '@/db/sql';

/**
 * Per-row triggers whose work an import does in bulk: the plays INSERT triggers (the session
 * sums its plays in memory, ImportRollups) and the genre_months triggers on track_months
 * (the same upserts add their deltas to genre_months set-wise, PendingRollups). Even when they
 * do nothing (the deferred-rollups flag), each fires once per row.
 */
const BULK_TRIGGERS = ['plays_rollup_insert', 'plays_track_months_insert', 'genre_months_track_insert', 'genre_months_track_update'];

type SavedTrigger = { name: string; sql: string };

/**
 * Those triggers, set aside for an import and created again from their own SQL before it
 * commits, in the same transaction, like the plays indexes (PlaysIndexes): no other connection
 * ever sees the schema without them, and a rolled-back import brings them back with the rest.
 * They come back before any UPDATE of plays too, since the plays UPDATE triggers change
 * track_months and genre_months must follow.
 */
export class ImportTriggers {
  private saved: SavedTrigger[] = [];
  private state: 'kept' | 'dropped' | 'restored' = 'kept';

  constructor(private readonly tx: Transaction) {}

  /** Whether genre_months is the caller's to keep up with track_months. */
  get dropped(): boolean {
    return this.state === 'dropped';
  }

  /** Outside any file's savepoint, so a refused file cannot bring them back behind this object's back. */
  async drop(): Promise<void> {
    if (this.state !== 'kept') return;
    this.saved = toObjects<SavedTrigger>(
      await this.tx.execute({
        sql: `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${BULK_TRIGGERS.map(() => '?').join(',')})`,
        args: BULK_TRIGGERS,
      }),
    );
    await this.tx.batch(this.saved.map(({ name }) => `DROP TRIGGER "${name.replaceAll('"', '""')}"`));
    this.state = 'dropped';
  }

  /** The statements creating them again, for the caller to run next; they are not dropped again in this import. */
  takeRestoreStatements(): InStatement[] {
    if (this.state !== 'dropped') return [];
    this.state = 'restored';
    return this.saved.map(({ sql }) => sql);
  }

  /** A savepoint that had restored them was rolled back: they are dropped again. */
  rolledBackTo(dropped: boolean): void {
    if (dropped) this.state = 'dropped';
  }
}

import 'server-only';
import type { InStatement } from '@libsql/client';
import { PendingRollups, type RollupRow } from './pending-rollups';

/**
 * Sums that may wait in memory (a few hundred bytes each): past that they are written out
 * between files. Counted in sums, not rows, since memory grows with distinct (day, hour),
 * track and (month, track), and repeat listening adds rows without adding sums.
 */
const RELEASED_SUMS_MAX = 150_000;

/** Where the upserts run: whether genre_months is theirs to keep up (ImportTriggers.dropped). */
export type FlushOptions = { genreMonths: boolean };

/**
 * The rollups of the plays an import inserted while the insert trigger is deferred, written
 * as few times as possible: one upsert per table costs about as much for one file's tracks as
 * for the whole export's, so released files' sums wait for the end of the import (or the next
 * merge UPDATE, whose trigger expects the rollups to include every play).
 *
 * A refused file must take back exactly its own sums. Its sums are kept apart until its
 * savepoint is released; when a merge inside it forces a write, the earlier files' sums are
 * written inside its savepoint too, so they are kept in memory until the file is released —
 * if it is rolled back they are still unwritten.
 */
export class ImportRollups {
  private readonly released = new PendingRollups();
  private file = new PendingRollups();
  private releasedWrittenInFile = false;

  /** Plays the current file just inserted. */
  add(rows: readonly RollupRow[]): void {
    this.file.add(rows);
  }

  /** Upserts bringing the rollups up to date with every play inserted so far (run them inside the file's savepoint). */
  flush(options: FlushOptions): InStatement[] {
    const statements = this.releasedWrittenInFile ? [] : this.released.statements(options);
    this.releasedWrittenInFile = true;
    statements.push(...this.file.statements(options));
    this.file = new PendingRollups();
    return statements;
  }

  /**
   * The current file's savepoint was released: its unwritten sums join the import's. Returns
   * the upserts to run now, outside any savepoint, once too many sums are waiting.
   */
  fileReleased(options: FlushOptions): InStatement[] {
    if (this.releasedWrittenInFile) this.released.clear();
    this.released.merge(this.file);
    this.endFile();
    return this.released.size >= RELEASED_SUMS_MAX ? this.finalStatements(options) : [];
  }

  /** The current file was rolled back: whatever it wrote is gone, its sums are forgotten. */
  fileRolledBack(): void {
    this.endFile();
  }

  /** The upserts writing every released file's sums: at the latest before the import commits. */
  finalStatements(options: FlushOptions): InStatement[] {
    const statements = this.released.statements(options);
    this.released.clear();
    return statements;
  }

  private endFile(): void {
    this.file = new PendingRollups();
    this.releasedWrittenInFile = false;
  }
}

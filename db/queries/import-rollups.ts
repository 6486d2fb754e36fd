import 'server-only';
import type { InStatement } from '@libsql/client';
import { PendingRollups, type RollupRow } from './pending-rollups';

/**
 * Rows whose sums may wait in memory: the sums per track and month grow with the rows, so
 * they are written out every so often between files to keep an import's memory bounded.
 */
const RELEASED_ROWS_MAX = 200_000;

/**
 * The rollups of the plays an import inserted while the insert trigger is deferred, written
 * as few times as possible: one upsert per table costs about as much for one file's tracks as
 * for the whole export's, so released files' sums wait for the end of the import (or the next
 * merge UPDATE, whose trigger expects the rollups to include every play).
 *
 * A refused file must take back exactly its own sums. Its rows are kept apart until its
 * savepoint is released; when a merge inside it forces a write, the earlier files' sums are
 * written inside its savepoint too, so they are kept in memory until the file is released —
 * if it is rolled back they are still unwritten.
 */
export class ImportRollups {
  private readonly released = new PendingRollups();
  private fileRows: (readonly RollupRow[])[] = [];
  private releasedRows = 0;
  private releasedWrittenInFile = false;

  /** Plays the current file just inserted. */
  add(rows: readonly RollupRow[]): void {
    if (rows.length > 0) this.fileRows.push(rows);
  }

  /** Upserts bringing the rollups up to date with every play inserted so far (run them inside the file's savepoint). */
  flush(): InStatement[] {
    const statements = this.releasedWrittenInFile ? [] : this.released.statements();
    this.releasedWrittenInFile = true;
    const file = new PendingRollups();
    for (const rows of this.fileRows) file.add(rows);
    this.fileRows = [];
    return [...statements, ...file.statements()];
  }

  /**
   * The current file's savepoint was released: its unwritten sums join the import's. Returns
   * the upserts to run now, outside any savepoint, once too many sums are waiting.
   */
  fileReleased(): InStatement[] {
    if (this.releasedWrittenInFile) {
      this.released.clear();
      this.releasedRows = 0;
    }
    for (const rows of this.fileRows) {
      this.released.add(rows);
      this.releasedRows += rows.length;
    }
    this.endFile();
    return this.releasedRows >= RELEASED_ROWS_MAX ? this.finalStatements() : [];
  }

  /** The current file was rolled back: whatever it wrote is gone, its rows are forgotten. */
  fileRolledBack(): void {
    this.endFile();
  }

  /** The upserts writing every released file's sums: at the latest before the import commits. */
  finalStatements(): InStatement[] {
    const statements = this.released.statements();
    this.released.clear();
    this.releasedRows = 0;
    return statements;
  }

  private endFile(): void {
    this.fileRows = [];
    this.releasedWrittenInFile = false;
  }
}

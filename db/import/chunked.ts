import 'server-only';
import type { InStatement } from '@libsql/client';
import type { Database } from '@/db';
import type { RowBatch } from '@/lib/import/types';
import { spanOf, writeBatch, type BatchContext } from './batch';
import { ImportCatalog } from './catalog';
import { retryFromFreshReads } from '@/db/sql';
import { addCounts, emptyCounts, type WriteCounts } from './counts';
import { ImportRollups } from './rollups';
import { closeGapsStatement, union, type Batches, type FileImport, type ImportContext, type Span } from './writer';
import { rebuildEntityStatsFor } from '@/db/rollups';

/**
 * An import into a remote database (Turso), where an interactive transaction holds the write
 * lock across network round trips and loses it after 5 s if another writer waits. Here no
 * transaction outlives a round trip: each batch of rows is read in one libSQL batch and
 * written in one (writeBatch), committed on its own with the rollups its triggers keep and the
 * totals of the artists, albums and genres it touched rebuilt in it — a visitor may see part of a history, never
 * wrong numbers for what is in. An interrupted import run again finds the committed rows
 * stored and adds nothing twice. A file is read whole before its first write, so a refused
 * file leaves no row behind. A write that fails because another writer got in between (an id
 * taken, a play stored where the batch writes) is planned again from fresh reads.
 */
export class ChunkedImport {
  private catalog: ImportCatalog;
  private span: Span | null = null;

  constructor(
    private readonly db: Database,
    private readonly context: ImportContext,
  ) {
    this.catalog = new ImportCatalog(context.now, context.rules);
  }

  async importFile(batches: Batches, onBatch?: (counts: WriteCounts) => void): Promise<FileImport> {
    const read: RowBatch[] = [];
    for await (const batch of batches) read.push(batch);
    const counts = emptyCounts();
    let span: Span | null = null;
    for (const batch of read) {
      const written = await this.writeChunk(batch);
      addCounts(counts, written);
      span = spanOf(batch, span);
      onBatch?.(written);
    }
    this.span = union(this.span, span);
    return { ...counts, span };
  }

  /** Closes the gaps the import spans (`cover` widens the span): the totals are exact already. */
  async finish(cover?: Span | null): Promise<void> {
    const span = union(this.span, cover);
    if (span) await this.db.$client.execute(closeGapsStatement(span, this.context.now));
  }

  /** Nothing is left open between batches. */
  async abort(): Promise<void> {}

  private async writeChunk(batch: RowBatch): Promise<WriteCounts> {
    let attempt = 0;
    const { albumsPlaced, ...written } = await retryFromFreshReads(() => {
      // What a failed write would have made is in the catalogue: start each retry with a new one.
      if (attempt++ > 0) this.catalog = new ImportCatalog(this.context.now, this.context.rules);
      return writeBatch(this.batchContext(), batch);
    });
    // Each batch rebuilds the totals it touched (finishWrites): albums placed need nothing more.
    void albumsPlaced;
    return written;
  }

  private batchContext(): BatchContext {
    const client = this.db.$client;
    return {
      run: {
        read: (statements) => client.batch(statements, 'read'),
        write: (statements: InStatement[]) => client.batch(statements, 'write'),
      },
      catalog: this.catalog,
      rules: this.context.rules,
      guard: true,
      finishWrites: rebuildEntityStatsFor,
      // No bulk mode: the triggers keep the rollups, each batch exact on its own.
      rollups: new ImportRollups(),
      bulk: { triggersAside: false, restore: (flush) => flush({ genreMonths: false }) },
    };
  }
}

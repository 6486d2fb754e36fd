import 'server-only';
import type { Transaction } from '@libsql/client';
import type { Database } from '@/db';
import type { RowBatch } from '@/lib/import/types';
import { spanOf, writeBatch, type BatchContext, type BatchRunner } from './batch';
import { BULK_MIN_ROWS, BulkWrite } from './bulk-write';
import { openImportClient, type ImportClient } from './client';
import { addCounts, emptyCounts, type WriteCounts } from './counts';
import { ImportRollups } from './rollups';
import { ChunkedImport } from './chunked';
import { ImportCatalog } from './catalog';
import { REBUILD_ENTITY_STATS } from '@/db/rollups';
import { closeGapsStatement, union, type Batches, type FileImport, type ImportContext, type ImportWriter, type Span } from './writer';

export type { FileImport, ImportContext, Span } from './writer';

/**
 * An import's writer: one transaction on an embedded file, where a transaction costs nothing
 * but its length; batches committed one by one on a remote database (ChunkedImport).
 */
export async function openImport(db: Database, context: ImportContext): Promise<ImportWriter> {
  return db.$client.protocol === 'file' ? ImportSession.open(db, context) : new ChunkedImport(db, context);
}

/**
 * One import's write transaction on an embedded file. Each file runs inside its own savepoint, so a refused
 * file leaves no row behind while the others stay; the artist, album and genre totals are
 * rebuilt and the covered ingest gaps closed once, at the end, in the same transaction.
 */
export class ImportSession implements ImportWriter {
  private catalog: ImportCatalog;
  private readonly run: BatchRunner;
  private readonly rollups = new ImportRollups();
  private readonly bulk: BulkWrite;
  private inserted = 0;
  private span: Span | null = null;
  private changed = false;

  private constructor(
    private readonly tx: Transaction,
    private readonly context: ImportContext,
    private readonly storedAtStart: number,
    private readonly client: ImportClient,
  ) {
    this.catalog = new ImportCatalog(context.now, context.rules);
    this.run = { read: (statements) => tx.batch(statements), write: (statements) => tx.batch(statements) };
    this.bulk = new BulkWrite(tx);
  }

  static async open(db: Database, context: ImportContext): Promise<ImportSession> {
    const client = await openImportClient(db);
    let tx: Transaction | undefined;
    try {
      tx = await client.client.transaction('write');
      // The largest id bounds the table's size in one seek (count(*) reads a whole index, on every web batch).
      const stored = Number((await tx.execute('SELECT coalesce(max(id), 0) FROM plays')).rows[0]![0]);
      return new ImportSession(tx, context, stored, client);
    } catch (error) {
      tx?.close();
      client.close();
      throw error;
    }
  }

  /** Writes one file's batches all or nothing; a throw from reading or writing undoes the file. */
  async importFile(batches: Batches, onBatch?: (counts: WriteCounts) => void): Promise<FileImport> {
    const bulkAtStart = this.bulk.snapshot;
    await this.tx.execute('SAVEPOINT import_file');
    try {
      const counts = emptyCounts();
      let span: Span | null = null;
      const { run, catalog, rollups, bulk } = this;
      const context: BatchContext = { run, catalog, rules: this.context.rules, rollups, bulk };
      let albumsPlaced = 0;
      let first = true;
      for await (const batch of batches) {
        if (first) await this.enterBulkMode(batch);
        first = false;
        const { albumsPlaced: placed, ...written } = await writeBatch(context, batch);
        albumsPlaced += placed;
        addCounts(counts, written);
        span = spanOf(batch, span);
        onBatch?.(written);
      }
      await this.tx.execute('RELEASE import_file');
      const upserts = this.rollups.fileReleased({ genreMonths: this.bulk.triggersAside });
      if (upserts.length > 0) await this.tx.batch(upserts);
      this.span = union(this.span, span);
      this.inserted += counts.playsAdded + counts.skipsAdded;
      this.changed ||= counts.playsAdded + counts.skipsAdded + counts.merged + albumsPlaced > 0;
      return { ...counts, span };
    } catch (error) {
      await this.tx.execute('ROLLBACK TO import_file');
      await this.tx.execute('RELEASE import_file');
      this.rollups.fileRolledBack();
      this.bulk.rolledBackTo(bulkAtStart);
      // Tracks created inside the undone savepoint are gone: forget them.
      this.catalog = new ImportCatalog(this.context.now, this.context.rules);
      throw error;
    }
  }

  /**
   * A file whose first batch is large goes in bulk (BulkWrite), with the indexes set aside too
   * when the import's plays are about to make up a good part of the table; a small one (a web
   * batch) leaves the schema alone and lets the triggers keep the rollups.
   */
  private async enterBulkMode(batch: RowBatch): Promise<void> {
    if (batch.rows < (this.context.bulkMinRows ?? BULK_MIN_ROWS)) return;
    await this.bulk.setAside({ withIndexes: this.storedAtStart <= 3 * this.inserted });
  }

  /** Closes the gaps the import spans (`cover` widens the span), rebuilds totals, commits. */
  async finish(cover?: Span | null): Promise<void> {
    try {
      const span = union(this.span, cover);
      if (span) await this.tx.execute(closeGapsStatement(span, this.context.now));
      const restore = this.bulk.restore((options) => this.rollups.finalStatements(options));
      if (restore.length > 0) await this.tx.batch(restore);
      if (this.changed) await this.tx.batch(REBUILD_ENTITY_STATS);
      await this.tx.commit();
    } finally {
      this.tx.close();
      this.client.close();
    }
  }

  async abort(): Promise<void> {
    try {
      await this.tx.rollback();
    } finally {
      this.tx.close();
      this.client.close();
    }
  }
}

/** Imports batches of one file on their own (the web import's batches). */
export async function importBatches(db: Database, batches: Batches, context: ImportContext & { cover?: Span | null }): Promise<FileImport> {
  const session = await openImport(db, context);
  try {
    const result = await session.importFile(batches);
    await session.finish(context.cover);
    return result;
  } catch (error) {
    await session.abort();
    throw error;
  }
}

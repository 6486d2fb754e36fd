import type { InStatement } from '@libsql/client';
import type { RowBatch } from '@/lib/import/types';
import type { WriteCounts } from './counts';
import type { ImportRules } from './rules';

/** `bulkMinRows` (tests only) moves the threshold of the bulk-write mode, BULK_MIN_ROWS. */
export type ImportContext = { rules: ImportRules; now: number; bulkMinRows?: number };
export type Span = { from: number; to: number };
export type FileImport = WriteCounts & { span: Span | null };
export type Batches = AsyncIterable<RowBatch> | Iterable<RowBatch>;

/** What writes an import, on an embedded file (ImportSession) or a remote database (ChunkedImport). */
export type ImportWriter = {
  /** Writes one file's batches; a file refused while it is read leaves no row behind. */
  importFile(batches: Batches, onBatch?: (counts: WriteCounts) => void): Promise<FileImport>;
  /** Closes the ingest gaps the import spans (`cover` widens the span) and makes it all visible. */
  finish(cover?: Span | null): Promise<void>;
  abort(): Promise<void>;
};

export function union(a: Span | null, b: Span | null | undefined): Span | null {
  if (!a || !b) return a ?? b ?? null;
  return { from: Math.min(a.from, b.from), to: Math.max(a.to, b.to) };
}

/** The ingest gaps an import's span covers whole are closed: the export filled them. */
export function closeGapsStatement(span: Span, now: number): InStatement {
  return {
    sql: "UPDATE gaps SET closed_at = ?, closed_by = 'import' WHERE closed_at IS NULL AND from_ms >= ? AND to_ms <= ?",
    args: [now, span.from, span.to],
  };
}

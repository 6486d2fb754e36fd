import 'server-only';
import type { Database } from '@/db';
import { enlargePageCache, importBatches, type ImportContext } from '@/db/queries/import';
import type { ImportInput } from './node-files';
import { readExportFile, type FileRead } from './read-file';
import { addCounts, emptySummary, type ImportSummary, type WriteCounts } from './summary';
import { ImportFileError, NoHistoryError } from './types';
import { ArchiveError } from './zip';

export type ImportHooks = { onBatch?: (counts: WriteCounts) => void; onFile?: (name: string, error?: ImportFileError) => void };

function reject(summary: ImportSummary, error: ImportFileError | NoHistoryError, hooks: ImportHooks): void {
  if (error instanceof NoHistoryError) summary.rejected.push({ file: error.input, reason: error.message.slice(error.input.length + 2) });
  else {
    summary.rejected.push(...error.problems.map((problem) => ({ file: error.file, ...problem })));
    hooks.onFile?.(error.file, error);
  }
}

/**
 * Imports every file of every input, each file in its own transaction: a refused file is
 * listed in the summary and the rest go on. Gaps are closed against the span of everything
 * imported so far, so the last file closes those the whole import covers.
 */
export async function importInputs(db: Database, inputs: ImportInput[], context: ImportContext, hooks: ImportHooks = {}): Promise<ImportSummary> {
  const summary = emptySummary();
  await enlargePageCache(db);
  let cover: { from: number; to: number } | null = null;
  for (const { input, files } of inputs) {
    let history = false;
    try {
      for await (const file of files) {
        const read: FileRead = { format: null, rows: 0 };
        try {
          const result = await importBatches(db, readExportFile(file, read), { ...context, cover, onBatch: hooks.onBatch });
          if (!read.format && !file.strict) continue;
          history = true;
          summary.files++;
          addCounts(summary, result);
          if (result.span) cover = cover ? { from: Math.min(cover.from, result.span.from), to: Math.max(cover.to, result.span.to) } : result.span;
          hooks.onFile?.(file.name);
        } catch (error) {
          if (!(error instanceof ImportFileError)) throw error;
          history = true;
          reject(summary, error, hooks);
          // A broken archive cannot be read past the entry that failed.
          if (error instanceof ArchiveError) break;
        }
      }
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error;
      history = true;
      reject(summary, error, hooks);
    }
    if (!history) reject(summary, new NoHistoryError(input), hooks);
  }
  return summary;
}

import 'server-only';
import type { Database } from '@/db';
import { openImport } from '@/db/import/session';
import type { ImportWriter } from '@/db/import/writer';
import { importRules } from './rules';
import type { ImportInput } from './node-files';
import { readExportFile, type FileRead } from './read-file';
import { addCounts, addRefusedRows, emptySummary, type ImportSummary, type WriteCounts } from './summary';
import { ImportFileError, NoHistoryError, type RowBatch } from './types';
import { ArchiveError } from './zip';

export type ParsedFile = { name: string; strict: boolean; read: FileRead; batches: AsyncIterable<RowBatch> };
export type ParsedInput = { input: string; files: AsyncIterable<ParsedFile> };

/** Each input's files as validated batches, read lazily as the writer asks for them. */
export function parseInputs(inputs: ImportInput[]): ParsedInput[] {
  return inputs.map(({ input, files }) => ({
    input,
    files: (async function* () {
      for await (const file of files) {
        const read: FileRead = { format: null, rows: 0 };
        yield { name: file.name, strict: file.strict, read, batches: readExportFile(file, read) };
      }
    })(),
  }));
}

/** The owner's time zone and the import's clock; `bulkMinRows` (tests only) as in ImportContext. */
export type ImportOptions = { timeZone: string; now: number; bulkMinRows?: number };

export type ImportHooks = { onBatch?: (counts: WriteCounts) => void; onFile?: (name: string, error?: ImportFileError) => void };

function reject(summary: ImportSummary, error: ImportFileError | NoHistoryError, hooks: ImportHooks): void {
  if (error instanceof NoHistoryError) summary.rejected.push({ file: error.input, reason: error.message.slice(error.input.length + 2) });
  else {
    summary.rejected.push(...error.problems.map((problem) => ({ file: error.file, ...problem })));
    hooks.onFile?.(error.file, error);
  }
}

/**
 * Imports every file of every input in one transaction, each file all or nothing: a refused
 * file is listed in the summary and the rest go on. Gaps the whole import spans are closed.
 */
export async function importInputs(
  db: Database,
  inputs: AsyncIterable<ParsedInput> | ParsedInput[],
  { timeZone, ...options }: ImportOptions,
  hooks: ImportHooks = {},
): Promise<ImportSummary> {
  const summary = emptySummary();
  const session = await openImport(db, { rules: importRules(timeZone), ...options });
  try {
    for await (const { input, files } of inputs) {
      if (!(await importInput(session, input, files, summary, hooks))) reject(summary, new NoHistoryError(input), hooks);
    }
  } catch (error) {
    await session.abort();
    throw error;
  }
  await session.finish();
  return summary;
}

/** Imports one input's files; false when it held no streaming history at all. */
async function importInput(
  session: ImportWriter,
  input: string,
  files: AsyncIterable<ParsedFile>,
  summary: ImportSummary,
  hooks: ImportHooks,
): Promise<boolean> {
  let history = false;
  try {
    for await (const file of files) {
      try {
        const result = await session.importFile(file.batches, hooks.onBatch);
        if (!file.read.format && !file.strict) continue;
        history = true;
        summary.files++;
        addCounts(summary, result);
        hooks.onFile?.(file.name);
      } catch (error) {
        if (!(error instanceof ImportFileError)) throw error;
        history = true;
        reject(summary, error, hooks);
        addRefusedRows(summary, file.read.rows);
        // A broken archive cannot be read past the entry that failed.
        if (error instanceof ArchiveError) break;
      }
    }
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    history = true;
    reject(summary, error, hooks);
  }
  return history;
}

import { classifyAccountMusic, classifyAccountPodcast, classifyExtended, detectFormat } from './classify';
import { JsonArrayError, JsonArrayScanner, RowJsonError } from './json-array';
import { readPlainExtendedRow } from './plain-row';
import { accountMusicRowSchema, accountPodcastRowSchema, describeIssue, extendedRowSchema } from './schema';
import { ImportFileError, type ExportFormat, type RowBatch, type RowProblem, type SourceFile } from './types';
import { ZipEntryBytes } from './zip';

/** Rows per batch handed to the writer: large enough for multi-row INSERTs, small in memory. */
export const BATCH_ROWS = 5_000;
/** Problems listed per refused file before reading stops. */
const MAX_PROBLEMS = 5;

/** Filled in while a file is read: its format once known (null: not streaming history). */
export type FileRead = { format: ExportFormat | null; rows: number };

function emptyBatch(): RowBatch {
  return { music: [], episodes: [], rows: 0, incognito: 0, unidentified: 0 };
}

function addRow(batch: RowBatch, format: ExportFormat, raw: unknown): string | null {
  batch.rows++;
  if (format === 'extended') {
    let data = readPlainExtendedRow(raw);
    if (!data) {
      const parsed = extendedRowSchema.safeParse(raw);
      if (!parsed.success) return describeIssue(parsed.error, raw);
      data = parsed.data;
    }
    const row = classifyExtended(data);
    if (row === 'incognito') batch.incognito++;
    else if (row === null) batch.unidentified++;
    else if (row.kind === 'music') batch.music.push(row);
    else batch.episodes.push(row);
  } else if (format === 'account-music') {
    const parsed = accountMusicRowSchema.safeParse(raw);
    if (!parsed.success) return describeIssue(parsed.error, raw);
    const row = classifyAccountMusic(parsed.data);
    if (row) batch.music.push(row);
    else batch.unidentified++;
  } else {
    const parsed = accountPodcastRowSchema.safeParse(raw);
    if (!parsed.success) return describeIssue(parsed.error, raw);
    batch.episodes.push(classifyAccountPodcast(parsed.data));
  }
  return null;
}

async function* decodeText(file: SourceFile): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of file.chunks) yield decoder.decode(chunk, { stream: true });
    yield decoder.decode();
  } catch (error) {
    if (error instanceof TypeError) throw new JsonArrayError('is not UTF-8 text');
    throw error;
  }
}

/**
 * Streams one export file as validated, classified batches. A file that is not `strict`
 * (any other .json in a zip or folder) is silently passed over unless its first row is a
 * stream. Any bad row refuses the whole file: batches stop, and an ImportFileError lists
 * up to five problems — the caller discards what it had written. A zip entry whose bytes
 * do not match their checksum is refused as damaged, whatever problems its content showed.
 */
export async function* readExportFile(file: SourceFile, read: FileRead, batchRows = BATCH_ROWS): AsyncGenerator<RowBatch> {
  try {
    yield* readRows(file, read, batchRows);
  } catch (error) {
    // A damaged zip entry expands to garbage: its checksum, not the garbage's bad JSON, is the news.
    throw (file.chunks instanceof ZipEntryBytes && (await file.chunks.findDamage())) || error;
  }
}

async function* readRows(file: SourceFile, read: FileRead, batchRows: number): AsyncGenerator<RowBatch> {
  const scanner = new JsonArrayScanner();
  const problems: RowProblem[] = [];
  let batch = emptyBatch();
  try {
    for await (const text of decodeText(file)) {
      for (const value of scanner.push(text)) {
        const row = ++read.rows;
        if (value instanceof RowJsonError) {
          if (!read.format && !file.strict) return;
          problems.push({ row, reason: value.reason });
        } else {
          read.format ??= detectFormat(value);
          if (!read.format) {
            if (!file.strict) return;
            const fields = value && typeof value === 'object' ? Object.keys(value).slice(0, 6).join(', ') : typeof value;
            throw new ImportFileError(file.name, [
              { row, reason: `is not a Spotify stream (fields: ${fields || 'none'}); is this a streaming-history file?` },
            ]);
          }
          const problem = addRow(batch, read.format, value);
          if (problem) problems.push({ row, reason: problem });
        }
        if (problems.length >= MAX_PROBLEMS) throw new ImportFileError(file.name, problems);
        if (problems.length === 0 && batch.rows >= batchRows) {
          yield batch;
          batch = emptyBatch();
        }
      }
    }
    scanner.finish();
  } catch (error) {
    if (!(error instanceof JsonArrayError)) throw error;
    if (!read.format && !file.strict) return;
    throw new ImportFileError(file.name, [...problems, { row: error.row, reason: error.message }]);
  }
  if (problems.length > 0) throw new ImportFileError(file.name, problems);
  if (batch.rows > 0) yield batch;
}

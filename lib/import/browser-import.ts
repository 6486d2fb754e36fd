import { readExportFile, type FileRead } from './read-file';
import { addCounts, addRefusedRows, emptySummary, type ImportSummary, type WriteCounts } from './summary';
import { ImportFileError, NoHistoryError, type RowBatch, type SourceFile } from './types';
import { WEB_BATCH_ROWS, type WebBatch } from './web-batch';
import { ArchiveError, unzipSourceFiles } from './zip';

export type BrowserProgress = { file: string; done: number; total: number; rowsSent: number };

type Hooks = { post: (batch: WebBatch) => Promise<WriteCounts>; onProgress: (progress: BrowserProgress) => void };

async function* chunksOf(blob: Blob, onRead: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      onRead(value.length);
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

async function isZip(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return head.length === 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4;
}

/** A whole file read and validated before anything is sent: files are all or nothing. */
async function readWhole(file: SourceFile, read: FileRead): Promise<{ batches: RowBatch[]; span: { from: number; to: number } | null }> {
  const batches: RowBatch[] = [];
  let from = Infinity;
  let to = -Infinity;
  for await (const batch of readExportFile(file, read, WEB_BATCH_ROWS)) {
    batches.push(batch);
    for (const row of [...batch.music, ...batch.episodes]) {
      from = Math.min(from, row.endedAt);
      to = Math.max(to, row.endedAt);
    }
  }
  return { batches, span: from <= to ? { from, to } : null };
}

/**
 * The /import page's work, in the browser: unzip, read and validate each file, then send
 * its rows in batches of about 1 MB. Nothing large is uploaded, and since the server
 * recognises rows it already has, starting again after a reload or lost connection is safe.
 */
export async function importInBrowser(inputs: File[], hooks: Hooks): Promise<ImportSummary> {
  const summary = emptySummary();
  const total = inputs.reduce((sum, file) => sum + file.size, 0);
  let read = 0;
  let rowsSent = 0;
  for (const input of inputs) {
    const onRead = (bytes: number) => void (read += bytes);
    const files: AsyncIterable<SourceFile> | Iterable<SourceFile> = (await isZip(input))
      ? unzipSourceFiles(input.name, chunksOf(input, onRead))
      : [{ name: input.name, chunks: chunksOf(input, onRead), strict: true }];
    let history = false;
    try {
      for await (const file of files) {
        hooks.onProgress({ file: file.name, done: read, total, rowsSent });
        const fileRead: FileRead = { format: null, rows: 0 };
        try {
          const { batches, span } = await readWhole(file, fileRead);
          if (!fileRead.format && !file.strict) continue;
          history = true;
          for (const batch of batches) {
            addCounts(summary, await hooks.post({ file: file.name, ...batch, cover: span }));
            rowsSent += batch.rows;
            hooks.onProgress({ file: file.name, done: read, total, rowsSent });
          }
          summary.files++;
        } catch (error) {
          if (!(error instanceof ImportFileError)) throw error;
          history = true;
          summary.rejected.push(...error.problems.map((problem) => ({ file: error.file, ...problem })));
          addRefusedRows(summary, fileRead.rows);
          if (error instanceof ArchiveError) break;
        }
      }
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error;
      history = true;
      summary.rejected.push(...error.problems.map((problem) => ({ file: error.file, ...problem })));
    }
    if (!history) summary.rejected.push({ file: input.name, reason: new NoHistoryError(input.name).message.slice(input.name.length + 2) });
  }
  hooks.onProgress({ file: '', done: total, total, rowsSent });
  return summary;
}

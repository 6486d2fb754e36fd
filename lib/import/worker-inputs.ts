import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ByteProgress } from './node-files';
import type { FileRead } from './read-file';
import { ImportFileError, type RowBatch, type RowProblem } from './types';
import { ArchiveError } from './zip';

export type ParsedFile = { name: string; strict: boolean; read: FileRead; batches: AsyncIterable<RowBatch> };
export type ParsedInput = { input: string; files: AsyncIterable<ParsedFile> };

export type WorkerMessage =
  | { t: 'total'; bytes: number }
  | { t: 'input'; input: string }
  | { t: 'file'; name: string; strict: boolean }
  | { t: 'batch'; batch: RowBatch; bytes: number }
  | { t: 'done'; read: FileRead; bytes: number }
  | { t: 'error'; scope: 'file' | 'input'; file: string; problems: RowProblem[]; archive: boolean }
  | { t: 'input-end' }
  | { t: 'end' }
  | { t: 'fatal'; message: string };

/**
 * The worker is TypeScript run through tsx (as every script here is), but tsx's hooks do not
 * reach worker threads by themselves: a two-line ES module bootstrap registers them first.
 */
function startWorker(paths: string[]): Worker {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const script = new URL('./parse-worker.ts', import.meta.url).href;
  const bootstrap = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(script)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), { workerData: paths });
}

/** Batches kept ready ahead of the writer. */
const CREDITS = 3;

function toError(message: Extract<WorkerMessage, { t: 'error' }>): ImportFileError {
  return message.archive ? new ArchiveError(message.file, message.problems) : new ImportFileError(message.file, message.problems);
}

/**
 * The inputs read by parse-worker.ts on another thread, in the same shape as reading them
 * here, so the writer cannot tell the difference. `progress` follows the worker's bytes.
 */
export async function* parseInputsInWorker(paths: string[], progress: ByteProgress): AsyncGenerator<ParsedInput> {
  const worker = startWorker(paths);
  const queue: WorkerMessage[] = [];
  let waiting: ((message: WorkerMessage) => void) | null = null;
  const deliver = (message: WorkerMessage) => (waiting ? (waiting(message), (waiting = null)) : queue.push(message));
  worker.on('message', deliver);
  worker.on('error', (error) => deliver({ t: 'fatal', message: error.message }));
  const next = async (): Promise<WorkerMessage> => {
    const message = queue.shift() ?? (await new Promise<WorkerMessage>((resolve) => (waiting = resolve)));
    if (message.t === 'fatal') throw new Error(message.message);
    if (message.t === 'total') progress.total = message.bytes;
    if (message.t === 'batch' || message.t === 'done') progress.read = message.bytes;
    return message.t === 'total' ? next() : message;
  };
  for (let i = 0; i < CREDITS; i++) worker.postMessage('credit');

  async function* batchesOf(read: FileRead): AsyncGenerator<RowBatch> {
    for (;;) {
      const message = await next();
      if (message.t === 'batch') {
        worker.postMessage('credit');
        yield message.batch;
      } else if (message.t === 'done') {
        Object.assign(read, message.read);
        return;
      } else if (message.t === 'error') throw toError(message);
    }
  }

  async function* filesOf(): AsyncGenerator<ParsedFile> {
    for (;;) {
      const message = await next();
      if (message.t === 'input-end') return;
      if (message.t === 'error') throw toError(message);
      if (message.t !== 'file') continue;
      const read: FileRead = { format: null, rows: 0 };
      yield { name: message.name, strict: message.strict, read, batches: batchesOf(read) };
    }
  }

  try {
    for (;;) {
      const message = await next();
      if (message.t === 'end') return;
      // Messages left from an input the writer stopped reading (a broken archive) are skipped.
      if (message.t === 'input') yield { input: message.input, files: filesOf() };
    }
  } finally {
    await worker.terminate();
  }
}

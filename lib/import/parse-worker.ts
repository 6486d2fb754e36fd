import { parentPort, workerData } from 'node:worker_threads';
import { openInputs, type ByteProgress } from './node-files';
import { readExportFile, type FileRead } from './read-file';
import { ImportFileError } from './types';
import { ArchiveError } from './zip';
import type { WorkerMessage } from './worker-inputs';

/**
 * Reads and validates the export on a second core while the main thread writes: the two
 * halves of an import take about as long as each other. Batches go out only against credits
 * from the main thread, so a fast reader never piles rows up in memory.
 */
const port = parentPort!;
let credits = 0;
let wake: (() => void) | null = null;
port.on('message', () => {
  credits++;
  wake?.();
});

async function send(message: WorkerMessage): Promise<void> {
  if (message.t === 'batch') {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
  }
  port.postMessage(message);
}

function errorMessage(error: ImportFileError, scope: 'file' | 'input'): WorkerMessage {
  return { t: 'error', scope, file: error.file, problems: error.problems, archive: error instanceof ArchiveError };
}

async function run(paths: string[]): Promise<void> {
  const progress: ByteProgress = { read: 0, total: 0 };
  const inputs = await openInputs(paths, progress);
  await send({ t: 'total', bytes: progress.total });
  for (const { input, files } of inputs) {
    await send({ t: 'input', input });
    try {
      for await (const file of files) {
        await send({ t: 'file', name: file.name, strict: file.strict });
        const read: FileRead = { format: null, rows: 0 };
        try {
          for await (const batch of readExportFile(file, read)) await send({ t: 'batch', batch, bytes: progress.read });
          await send({ t: 'done', read, bytes: progress.read });
        } catch (error) {
          if (!(error instanceof ImportFileError)) throw error;
          await send(errorMessage(error, 'file'));
          if (error instanceof ArchiveError) break;
        }
      }
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error;
      await send(errorMessage(error, 'input'));
    }
    await send({ t: 'input-end' });
  }
  await send({ t: 'end' });
}

run(workerData as string[]).catch((error: unknown) => port.postMessage({ t: 'fatal', message: error instanceof Error ? error.message : String(error) }));

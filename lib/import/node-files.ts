import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isHistoryFileName } from './classify';
import type { SourceFile } from './types';
import { unzipSourceFiles } from './zip';

/** Bytes of the inputs read so far, against their total: what the progress bar shows. */
export type ByteProgress = { read: number; total: number };

export type ImportInput = { input: string; files: AsyncIterable<SourceFile> };

const READ_CHUNK = 1024 * 1024;

async function isZip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    return bytesRead === 4 && buffer.readUInt32LE(0) === 0x04034b50;
  } finally {
    await handle.close();
  }
}

async function* readBytes(file: string, progress: ByteProgress): AsyncGenerator<Uint8Array> {
  for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK }) as AsyncIterable<Buffer>) {
    progress.read += chunk.length;
    yield chunk;
  }
}

/** JSON files and zips under a folder in natural name order (_2 before _10): the export's order of time. */
async function listFolder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && /\.(json|zip)$/i.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

async function* filesOf(file: string, strict: boolean, progress: ByteProgress): AsyncGenerator<SourceFile> {
  if (await isZip(file)) yield* unzipSourceFiles(file, readBytes(file, progress));
  else yield { name: file, chunks: readBytes(file, progress), strict };
}

/**
 * Expands command-line inputs — zips, folders, single JSON files, in any mix — into the
 * files to read. A file named on the command line must be history; in zips and folders other
 * JSON files (playlists, user data) are passed over. Paths that do not exist throw first.
 */
export async function openInputs(inputs: string[], progress: ByteProgress): Promise<ImportInput[]> {
  const plans: { input: string; files: { file: string; strict: boolean }[] }[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (!info) throw new Error(`${input}: no such file or folder`);
    const files = info.isDirectory()
      ? (await listFolder(input)).map((file) => ({ file, strict: isHistoryFileName(file) }))
      : [{ file: input, strict: true }];
    for (const { file } of files) progress.total += (await stat(file)).size;
    plans.push({ input, files });
  }
  return plans.map(({ input, files }) => ({
    input,
    files: (async function* () {
      for (const { file, strict } of files) yield* filesOf(file, strict, progress);
    })(),
  }));
}

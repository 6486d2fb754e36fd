import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { isHistoryFileName } from './classify';
import { ImportFileError, type SourceFile } from './types';

/** The archive itself is unreadable or too large: nothing after the failing point can be read. */
export class ArchiveError extends ImportFileError {}

/**
 * Cap on what a zip may expand to. A real export (ten heavy years) unpacks to a few hundred
 * MB; a zip bomb unpacks to far more from a few kB. Counted on the bytes actually inflated,
 * since the sizes a zip declares can lie.
 */
export const MAX_UNZIPPED_BYTES = 1024 ** 3;
/** Compressed bytes pushed at a time, which bounds what a single push can inflate. */
const PUSH_BYTES = 16 * 1024;

type Entry = { name: string; chunks: Uint8Array[]; done: boolean; abandoned: boolean };

/** Zip entries worth reading: JSON files, not folders or macOS resource forks. */
function isJsonEntry(name: string): boolean {
  return /\.json$/i.test(name) && !name.startsWith('__MACOSX/') && !name.includes('/._');
}

/**
 * Streams the JSON files of a zip (as Spotify sends it, files nested in a folder) without
 * holding the archive or a whole entry in memory. Entries come in archive order; each must
 * be read (or dropped) before the next.
 */
export async function* unzipSourceFiles(zipName: string, input: AsyncIterable<Uint8Array>, maxBytes = MAX_UNZIPPED_BYTES): AsyncGenerator<SourceFile> {
  const found: Entry[] = [];
  let inflated = 0;
  let ended = false;
  const unzip = new Unzip((file: UnzipFile) => {
    if (!isJsonEntry(file.name)) return;
    if ((file.originalSize ?? 0) > maxBytes) fail(`${file.name} declares ${file.originalSize} bytes, over the ${maxBytes}-byte limit (zip bomb?)`);
    const entry: Entry = { name: file.name, chunks: [], done: false, abandoned: false };
    file.ondata = (error, data, final) => {
      if (error) fail(`${file.name} cannot be inflated (${error.message})`);
      inflated += data.length;
      if (inflated > maxBytes) fail(`expands to more than ${maxBytes} bytes (zip bomb?); refused`);
      if (!entry.abandoned && data.length > 0) entry.chunks.push(data);
      if (final) entry.done = true;
    };
    found.push(entry);
    file.start();
  });
  unzip.register(UnzipInflate);
  const source = input[Symbol.asyncIterator]();

  function fail(reason: string): never {
    throw new ArchiveError(zipName, [{ reason }]);
  }

  /** Pushes the next piece of the archive; false once it is all read. */
  async function feed(): Promise<boolean> {
    if (ended) return false;
    const next = await source.next();
    try {
      if (next.done) {
        ended = true;
        unzip.push(new Uint8Array(0), true);
      } else {
        for (let at = 0; at < next.value.length; at += PUSH_BYTES) unzip.push(next.value.subarray(at, at + PUSH_BYTES));
      }
    } catch (error) {
      if (error instanceof ArchiveError) throw error;
      fail(`is not a readable zip archive (${(error as Error).message})`);
    }
    return true;
  }

  async function* entryChunks(entry: Entry): AsyncGenerator<Uint8Array> {
    try {
      for (;;) {
        const chunk = entry.chunks.shift();
        if (chunk) yield chunk;
        else if (entry.done) return;
        else if (!(await feed())) fail(`${entry.name} is truncated`);
      }
    } finally {
      entry.abandoned = true;
      entry.chunks = [];
    }
  }

  for (;;) {
    const entry = found.shift();
    if (entry) {
      yield { name: `${zipName}/${entry.name}`, chunks: entryChunks(entry), strict: isHistoryFileName(entry.name) };
      entry.abandoned = true;
      entry.chunks = [];
    } else if (!(await feed())) {
      return;
    }
  }
}

import { isHistoryFileName } from './classify';
import { ImportFileError, type SourceFile } from './types';
import { ZipFormatError, ZipReader, type ZipEntry } from './zip-reader';

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

/**
 * The bytes of one zip entry, checked against its CRC-32 and size as they stream: the last
 * read throws an ImportFileError if they do not match. A reader that stops early on bad
 * content asks `findDamage`, since a damaged entry expands to garbage whose own errors
 * (not JSON, not UTF-8) would hide the cause.
 */
export class ZipEntryBytes implements AsyncIterable<Uint8Array> {
  constructor(
    private readonly read: () => AsyncGenerator<Uint8Array>,
    /** Reads the rest of the entry, discarding it: its damage, or null if it is intact. */
    readonly findDamage: () => Promise<ImportFileError | null>,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return this.read();
  }
}

/**
 * Streams the JSON files of a zip (as Spotify sends it, files nested in a folder) without
 * holding the archive or a whole entry in memory. Entries come in archive order; each must
 * be read (or dropped) before the next.
 */
export async function* unzipSourceFiles(
  zipName: string,
  input: AsyncIterable<Uint8Array>,
  maxBytes = MAX_UNZIPPED_BYTES,
): AsyncGenerator<SourceFile> {
  const reader = new ZipReader(maxBytes);
  const source = input[Symbol.asyncIterator]();
  let ended = false;
  let broken: ArchiveError | null = null;

  const damageOf = (entry: ZipEntry) => (entry.damage ? new ImportFileError(`${zipName}/${entry.name}`, [{ reason: entry.damage }]) : null);

  /** Pushes the next piece of the archive; false once it is all read. */
  async function feed(): Promise<boolean> {
    if (broken) throw broken;
    if (ended) return false;
    const next = await source.next();
    try {
      if (next.done) {
        ended = true;
        reader.end();
      } else {
        for (let at = 0; at < next.value.length; at += PUSH_BYTES) reader.push(next.value.subarray(at, at + PUSH_BYTES));
      }
    } catch (error) {
      const reason = error instanceof ZipFormatError ? error.message : `is not a readable zip archive (${(error as Error).message})`;
      throw (broken = new ArchiveError(zipName, [{ reason }]));
    }
    return true;
  }

  /** Reads on into `entry`, which the archive must not end inside. */
  async function feedInto(entry: ZipEntry): Promise<void> {
    if (!(await feed()))
      throw (broken = new ArchiveError(zipName, [{ reason: `is truncated inside ${entry.name} — download the export again` }]));
  }

  async function* entryChunks(entry: ZipEntry): AsyncGenerator<Uint8Array> {
    try {
      for (;;) {
        const chunk = entry.chunks.shift();
        if (chunk) yield chunk;
        else if (entry.done) break;
        else await feedInto(entry);
      }
    } finally {
      entry.keep = false;
      entry.chunks = [];
    }
    const damage = damageOf(entry);
    if (damage) throw damage;
  }

  async function findDamage(entry: ZipEntry): Promise<ImportFileError | null> {
    entry.keep = false;
    entry.chunks = [];
    while (!entry.done) await feedInto(entry);
    return damageOf(entry);
  }

  for (;;) {
    const entry = reader.found.shift();
    if (entry) {
      const chunks = new ZipEntryBytes(
        () => entryChunks(entry),
        () => findDamage(entry),
      );
      yield { name: `${zipName}/${entry.name}`, chunks, strict: isHistoryFileName(entry.name) };
      // Whatever of the entry is left unread is passed over, not expanded.
      entry.check = entry.keep = false;
      entry.chunks = [];
    } else if (!(await feed())) {
      return;
    }
  }
}

import { Inflate } from 'fflate';
import { updateCrc32 } from './crc32';

const DAMAGED_CHECKSUM = 'damaged: its checksum does not match — download the export again';
const DAMAGED_SIZE = 'damaged: its size does not match — download the export again';

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
/** Central directory, zip64 end record, end record: no entries follow. */
const DIRECTORY = new Set([0x02014b50, 0x06064b50, 0x06054b50]);
const EMPTY = new Uint8Array(0);

/** The bytes are not a zip, or not all of one: nothing after this point can be read. */
export class ZipFormatError extends Error {}

function fail(reason: string): never {
  throw new ZipFormatError(reason);
}

type Expected = { crc: number; size: number; compressedSize: number };

export type ZipEntry = {
  name: string;
  /** From the local header; null when a data descriptor after the data gives them. */
  expected: Expected | null;
  zip64: boolean;
  inflate: Inflate | null;
  /** Data bytes of the entry passed so far, and the CRC-32 and length of what they expanded to. */
  compressed: number;
  crc: number;
  size: number;
  chunks: Uint8Array[];
  /** Expand and check the entry; off once the reader has moved on to the next file. */
  check: boolean;
  /** Queue the expanded bytes; off while the rest of an entry is only checked. */
  keep: boolean;
  done: boolean;
  damage: string | null;
};

const u16 = (bytes: Uint8Array, at: number) => bytes[at]! | (bytes[at + 1]! << 8);
const u32 = (bytes: Uint8Array, at: number) => (u16(bytes, at) | (u16(bytes, at + 2) << 16)) >>> 0;
const u64 = (bytes: Uint8Array, at: number) => u32(bytes, at) + u32(bytes, at + 4) * 2 ** 32;

/** Zip entries worth reading: JSON files, not folders or macOS resource forks. */
function isJsonEntry(name: string): boolean {
  return /\.json$/i.test(name) && !name.startsWith('__MACOSX/') && !name.includes('/._');
}

/** The zip64 extra field's sizes, which replace the 32-bit ones set to 0xFFFFFFFF. */
function readZip64(extra: Uint8Array, expected: Expected): boolean {
  for (let at = 0; at + 4 <= extra.length; at += 4 + u16(extra, at + 2)) {
    if (u16(extra, at) !== 1) continue;
    let field = at + 4;
    if (expected.size === 0xffffffff) {
      expected.size = u64(extra, field);
      field += 8;
    }
    if (expected.compressedSize === 0xffffffff) expected.compressedSize = u64(extra, field);
    return true;
  }
  return false;
}

/**
 * Reads a zip as a stream of local headers and data, the way the bytes arrive: entries are
 * found without the central directory at the end, which a stream reaches last. Each JSON
 * entry is expanded and checked against the CRC-32 and size its header (or, with general
 * purpose bit 3, its data descriptor) declares. Sync: callers push bytes and take `found`.
 */
export class ZipReader {
  readonly found: ZipEntry[] = [];
  private pending: Uint8Array = EMPTY;
  private current: ZipEntry | null = null;
  private over = false;
  private inflated = 0;

  constructor(private readonly maxBytes: number) {}

  push(bytes: Uint8Array): void {
    if (this.pending.length === 0) this.pending = bytes;
    else {
      const joined = new Uint8Array(this.pending.length + bytes.length);
      joined.set(this.pending);
      joined.set(bytes, this.pending.length);
      this.pending = joined;
    }
    while (!this.over && (this.current ? this.readData(this.current) : this.readHeader()));
    if (this.over) this.pending = EMPTY;
  }

  end(): void {
    if (this.current) fail(`is truncated inside ${this.current.name} — download the export again`);
    if (!this.over) fail('is truncated: it ends before its list of files — download the export again');
  }

  /** Reads one local header; false until enough bytes are in. */
  private readHeader(): boolean {
    const bytes = this.pending;
    if (bytes.length < 4) return false;
    const signature = u32(bytes, 0);
    if (DIRECTORY.has(signature)) return (this.over = true);
    if (signature !== LOCAL_HEADER) fail('is not a readable zip archive (no entry where one should start)');
    if (bytes.length < 30) return false;
    const nameEnd = 30 + u16(bytes, 26);
    const headerEnd = nameEnd + u16(bytes, 28);
    if (bytes.length < headerEnd) return false;
    const flags = u16(bytes, 6);
    const method = u16(bytes, 8);
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(bytes.subarray(30, nameEnd));
    const expected: Expected = { crc: u32(bytes, 14), compressedSize: u32(bytes, 18), size: u32(bytes, 22) };
    const zip64 = readZip64(bytes.subarray(nameEnd, headerEnd), expected);
    const json = isJsonEntry(name);
    const described = (flags & 8) !== 0;
    if (json && !described && expected.size > this.maxBytes)
      fail(`${name} declares ${expected.size} bytes, over the ${this.maxBytes}-byte limit (zip bomb?)`);
    const entry: ZipEntry = {
      name,
      expected: described ? null : expected,
      zip64,
      inflate: null,
      compressed: 0,
      crc: 0,
      size: 0,
      chunks: [],
      check: json,
      keep: json,
      done: false,
      damage: null,
    };
    if (json) {
      if (flags & 1) entry.damage = 'is encrypted, which this import cannot read';
      else if (method === 8) entry.inflate = new Inflate((data) => this.take(entry, data));
      else if (method !== 0) entry.damage = `uses compression method ${method}, which this import cannot read`;
      this.found.push(entry);
    }
    this.pending = bytes.subarray(headerEnd);
    this.current = entry;
    return true;
  }

  /** Passes on the entry's data in the pending bytes; true once the entry is over. */
  private readData(entry: ZipEntry): boolean {
    const bytes = this.pending;
    if (entry.expected) {
      const length = Math.min(bytes.length, entry.expected.compressedSize - entry.compressed);
      this.expand(entry, bytes.subarray(0, length));
      this.pending = bytes.subarray(length);
      return entry.compressed === entry.expected.compressedSize && this.finish(entry, entry.expected);
    }
    // The data ends at the descriptor (signature first, as every common writer puts it) that
    // counts exactly the bytes before it: a signature alone could be part of the data.
    const length = entry.zip64 ? 24 : 16;
    const complete = bytes.length - length + 1;
    for (let at = bytes.indexOf(0x50); at !== -1 && at < complete; at = bytes.indexOf(0x50, at + 1)) {
      if (u32(bytes, at) !== DATA_DESCRIPTOR) continue;
      const compressedSize = entry.zip64 ? u64(bytes, at + 8) : u32(bytes, at + 8);
      if (compressedSize !== entry.compressed + at) continue;
      this.expand(entry, bytes.subarray(0, at));
      this.pending = bytes.subarray(at + length);
      return this.finish(entry, { crc: u32(bytes, at + 4), compressedSize, size: entry.zip64 ? u64(bytes, at + 16) : u32(bytes, at + 12) });
    }
    const safe = Math.max(0, complete);
    this.expand(entry, bytes.subarray(0, safe));
    this.pending = bytes.subarray(safe);
    return false;
  }

  private expand(entry: ZipEntry, data: Uint8Array): void {
    entry.compressed += data.length;
    if (!entry.check || entry.damage || data.length === 0) return;
    if (entry.inflate) this.inflate(entry, entry.inflate, data, false);
    else this.take(entry, data);
  }

  private inflate(entry: ZipEntry, inflate: Inflate, data: Uint8Array, final: boolean): void {
    try {
      inflate.push(data, final);
    } catch (error) {
      if (error instanceof ZipFormatError) throw error;
      // A deflate stream that breaks its own rules was damaged like one that decodes wrong.
      entry.damage = DAMAGED_CHECKSUM;
    }
  }

  private take(entry: ZipEntry, data: Uint8Array): void {
    this.inflated += data.length;
    if (this.inflated > this.maxBytes) fail(`expands to more than ${this.maxBytes} bytes (zip bomb?); refused`);
    entry.crc = updateCrc32(entry.crc, data);
    entry.size += data.length;
    if (entry.keep && data.length > 0) entry.chunks.push(data);
  }

  private finish(entry: ZipEntry, expected: Expected): true {
    if (entry.check && !entry.damage && entry.inflate) this.inflate(entry, entry.inflate, EMPTY, true);
    if (entry.check && !entry.damage)
      entry.damage = entry.crc !== expected.crc ? DAMAGED_CHECKSUM : entry.size !== expected.size ? DAMAGED_SIZE : null;
    entry.done = true;
    this.current = null;
    return true;
  }
}

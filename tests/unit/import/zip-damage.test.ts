import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync, Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importBatches } from '@/db/import/session';
import { importRules } from '@/lib/import/rules';
import { importInBrowser } from '@/lib/import/browser-import';
import { updateCrc32 } from '@/lib/import/crc32';
import { importInputs, parseInputs } from '@/lib/import/import-files';
import { openInputs } from '@/lib/import/node-files';
import { BATCH_ROWS } from '@/lib/import/read-file';
import { addCounts, emptyCounts, type WriteCounts } from '@/lib/import/summary';
import { webBatchSchema, type WebBatch } from '@/lib/import/web-batch';
import { TEST_DATABASE } from '@/tests/helpers/database';
import { count, eachTestDatabaseAndFolder, exportTs, extendedRow, importPaths, trackUri } from './helpers';

const DAMAGED = 'damaged: its checksum does not match — download the export again';
const FOLDER = 'Spotify Extended Streaming History';
const OLDER = `${FOLDER}/Streaming_History_Audio_2022.json`;
const NEWER = `${FOLDER}/Streaming_History_Audio_2023.json`;
const FIXTURES = path.join(process.cwd(), 'tests/fixtures/damaged-zip');
const JAVA_ZIP = path.join(FIXTURES, 'written-by-java.zip');

/** `count` plays of 100–200 s, ten minutes apart from `start`, over 50 tracks: pretty-printed as Spotify does. */
function historyText(rows: number, start: number): Uint8Array {
  const list = Array.from({ length: rows }, (_, i) =>
    extendedRow({
      ts: exportTs(start + i * 600_000),
      spotify_track_uri: trackUri((i % 50) + 1),
      master_metadata_track_name: `Song ${(i % 50) + 1}`,
      ms_played: 100_000 + ((i * 7919) % 100_000),
    }),
  );
  return new TextEncoder().encode(JSON.stringify(list, null, 2));
}
// More than one batch (BATCH_ROWS), so a refused file has had rows written, then undone.
const OLDER_ROWS = 6_000;
const NEWER_ROWS = 300;
const older = historyText(OLDER_ROWS, Date.UTC(2022, 0, 1));
const newer = historyText(NEWER_ROWS, Date.UTC(2023, 0, 1));

/** The two history files (the one to damage first), stored (level 0) or deflated, sizes in the local headers. */
const zipWithSizes = (level: 0 | 6) =>
  zipSync({
    [FOLDER]: { 'Streaming_History_Audio_2022.json': [older, { level }], 'Streaming_History_Audio_2023.json': [newer, { level }] },
  });

/** The same files streamed, as Java and fflate's Zip write them: sizes and CRC-32 in a data descriptor after the data (bit 3). */
function zipWithDescriptors(level: 0 | 6, extra: Record<string, Uint8Array> = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    parts.push(chunk);
  });
  for (const [name, bytes] of Object.entries({ ...extra, [OLDER]: older, [NEWER]: newer })) {
    const entry = level === 0 || name in extra ? new ZipPassThrough(name) : new ZipDeflate(name, { level });
    zip.add(entry);
    entry.push(bytes, true);
  }
  zip.end();
  return new Uint8Array(Buffer.concat(parts));
}

/** Where an entry's data starts and, when its local header says, how long it is. */
function entryData(zip: Uint8Array, name: string): { start: number; length: number } {
  const header = Buffer.from(zip).indexOf(name) - 30;
  const view = new DataView(zip.buffer, zip.byteOffset);
  expect(view.getUint32(header, true)).toBe(0x04034b50);
  return {
    start: header + 30 + view.getUint16(header + 26, true) + view.getUint16(header + 28, true),
    length: view.getUint32(header + 18, true),
  };
}

/** Changes the first digit of the first `ms_played` of the older file: still valid JSON, 100 000 ms become 200 000. */
function changeOneDigit(zip: Uint8Array): Uint8Array {
  const at = Buffer.from(zip).indexOf('"ms_played": 1', entryData(zip, OLDER).start) + 13;
  expect(at).toBeGreaterThan(13);
  const damaged = zip.slice();
  damaged[at] = 0x32;
  return damaged;
}

const test = eachTestDatabaseAndFolder();
const plays = () => count(test.db, 'SELECT count(*) AS n FROM plays');
const playsBefore2023 = () => count(test.db, `SELECT count(*) AS n FROM plays WHERE ended_at < ${Date.UTC(2023, 0, 1)}`);

/**
 * Imports `zip` as the CLI does; the older file must be refused as damaged, the newer one
 * stored whole. Gives the rows written along the way, refused ones (rolled back) included.
 */
async function expectOlderRefused(zip: Uint8Array): Promise<number> {
  const file = test.folder.write('my_spotify_data.zip', zip);
  let written = 0;
  const inputs = parseInputs(await openInputs([file], { read: 0, total: 0 }));
  const summary = await importInputs(
    test.db,
    inputs,
    { timeZone: 'UTC', now: Date.UTC(2026, 0, 1) },
    { onBatch: (counts) => void (written += counts.rowsRead) },
  );
  expect(summary.rejected).toEqual([{ file: `${file}/${OLDER}`, reason: DAMAGED }]);
  expect(summary).toMatchObject({ files: 1, playsAdded: NEWER_ROWS });
  expect(await plays()).toBe(NEWER_ROWS);
  expect(await playsBefore2023()).toBe(0);
  return written;
}

describe('an undamaged zip imports exactly (no false alarms)', () => {
  it.each([0, 6] as const)('sizes in the local headers, level %i', async (level) => {
    const summary = await importPaths(test.db, [test.folder.write('my_spotify_data.zip', zipWithSizes(level))]);
    expect(summary).toMatchObject({ files: 2, rowsRead: OLDER_ROWS + NEWER_ROWS, rejected: [] });
    expect(await plays()).toBe(OLDER_ROWS + NEWER_ROWS);
  });

  it.each([0, 6] as const)('sizes and CRC-32 in data descriptors (bit 3), level %i', async (level) => {
    const summary = await importPaths(test.db, [test.folder.write('my_spotify_data.zip', zipWithDescriptors(level))]);
    expect(summary).toMatchObject({ files: 2, rowsRead: OLDER_ROWS + NEWER_ROWS, rejected: [] });
    expect(await plays()).toBe(OLDER_ROWS + NEWER_ROWS);
  });

  it("written by Java's ZipOutputStream (jar): deflated, data descriptors, a folder entry", async () => {
    const summary = await importPaths(test.db, [JAVA_ZIP]);
    expect(summary).toMatchObject({ files: 2, rowsRead: 10, playsAdded: 8, skipsAdded: 2, rejected: [] });
  });

  it.each(['zip64-sizes-in-extra-field.zip', 'zip64-data-descriptors.zip'])("zip64, written by Python's zipfile: %s", async (name) => {
    const summary = await importPaths(test.db, [path.join(FIXTURES, name)]);
    expect(summary).toMatchObject({ files: 2, rowsRead: 10, playsAdded: 8, skipsAdded: 2, rejected: [] });
  });

  it("a descriptor's signature inside another file's bytes does not end that file early", async () => {
    // A binary file beside the history (Spotify adds a PDF) holding a descriptor's signature (sizes 100) and headers'.
    const fake = new Uint8Array(64);
    fake.set([0x50, 0x4b, 0x07, 0x08, 1, 2, 3, 4, 100, 0, 0, 0, 100, 0, 0, 0, 0x50, 0x4b, 0x03, 0x04, 0x50, 0x4b, 0x01, 0x02], 8);
    const zip = zipWithDescriptors(6, { [`${FOLDER}/ReadMeFirst_ExtendedStreamingHistory.pdf`]: fake });
    const summary = await importPaths(test.db, [test.folder.write('my_spotify_data.zip', zip)]);
    expect(summary).toMatchObject({ files: 2, rowsRead: OLDER_ROWS + NEWER_ROWS, rejected: [] });
  });

  it('computes the standard CRC-32, in one piece or several', () => {
    const digits = new TextEncoder().encode('123456789');
    expect(updateCrc32(0, digits)).toBe(0xcbf43926);
    expect(updateCrc32(updateCrc32(0, digits.subarray(0, 4)), digits.subarray(4))).toBe(0xcbf43926);
  });
});

describe('a damaged entry is refused by name, nothing of it stored, the rest of the zip imported', () => {
  it('a stored entry with one changed digit (unzip -t flags it)', async () => {
    // The damage shows only at the entry's end, after a first batch of it was written: that batch is undone.
    // On a remote database a file is read whole before its first write, so nothing of it was written.
    const writtenOfOlder = TEST_DATABASE === 'remote' ? 0 : BATCH_ROWS;
    expect(await expectOlderRefused(changeOneDigit(zipWithSizes(0)))).toBe(writtenOfOlder + NEWER_ROWS);
  });

  it('a stored entry with one changed digit, in a zip with data descriptors', () =>
    expectOlderRefused(changeOneDigit(zipWithDescriptors(0))));

  it('a deflated entry damaged mid-stream: one message, not "row N: is not valid JSON"', async () => {
    const zip = zipWithSizes(6);
    const { start, length } = entryData(zip, OLDER);
    zip[start + (length >> 1)]! ^= 0xff;
    // What the damage does without the check: it inflates, to text that is not JSON.
    const garbage = new TextDecoder().decode(inflateSync(zip.subarray(start, start + length)));
    expect(() => JSON.parse(garbage)).toThrow();
    await expectOlderRefused(zip);
  });

  it('a deflated entry damaged so that it still inflates to valid JSON', async () => {
    const zip = zipWithSizes(6);
    const { start, length } = entryData(zip, OLDER);
    const stillJson = (at: number) => {
      const data = zip.slice(start, start + length);
      data[at]! ^= 1;
      try {
        return JSON.parse(new TextDecoder().decode(inflateSync(data))) !== undefined;
      } catch {
        return false;
      }
    };
    const at = Array.from({ length: 200 }, (_, i) => (length >> 2) + i).find(stillJson);
    expect(at).toBeDefined();
    zip[start + at!]! ^= 1;
    await expectOlderRefused(zip);
  });

  it('a deflated entry whose first block header is damaged (an inflate error)', async () => {
    const zip = zipWithSizes(6);
    const { start, length } = entryData(zip, OLDER);
    // BTYPE 3 does not exist.
    zip[start]! |= 0x06;
    expect(() => inflateSync(zip.subarray(start, start + length))).toThrow(/invalid block type/);
    await expectOlderRefused(zip);
  });

  it('a deflated entry damaged mid-stream, in a zip with data descriptors', async () => {
    const zip = zipWithDescriptors(6);
    zip[entryData(zip, OLDER).start + 5_000]! ^= 0xff;
    await expectOlderRefused(zip);
  });

  it('a damaged entry of a zip written by Java', async () => {
    const zip = new Uint8Array(readFileSync(JAVA_ZIP));
    zip[entryData(zip, `${FOLDER}/Streaming_History_Audio_2023.json`).start + 300]! ^= 0xff;
    const file = test.folder.write('my_spotify_data.zip', zip);
    const summary = await importPaths(test.db, [file]);
    expect(summary.rejected).toEqual([{ file: `${file}/${FOLDER}/Streaming_History_Audio_2023.json`, reason: DAMAGED }]);
    expect(summary).toMatchObject({ files: 1, rowsRead: 5 });
    expect(await plays()).toBe(5);
  });

  it('a zip cut short inside an entry: refused as truncated, the entries before it kept', async () => {
    const zip = zipWithSizes(6);
    const file = test.folder.write('my_spotify_data.zip', zip.subarray(0, entryData(zip, NEWER).start + 100));
    const summary = await importPaths(test.db, [file]);
    expect(summary.rejected).toEqual([{ file, reason: `is truncated inside ${NEWER} — download the export again` }]);
    expect(await plays()).toBe(OLDER_ROWS);
  });
});

describe('the same in the browser import and on the command line', () => {
  it('the /import page refuses the damaged file by name and sends only the others', async () => {
    const sent: WebBatch[] = [];
    const post = async (batch: WebBatch): Promise<WriteCounts> => {
      sent.push(batch);
      const { music, episodes, rows, incognito, unidentified, cover } = webBatchSchema.parse(JSON.parse(JSON.stringify(batch)));
      return addCounts(
        emptyCounts(),
        await importBatches(test.db, [{ music, episodes, rows, incognito, unidentified }], { rules: importRules('UTC'), now: 0, cover }),
      );
    };
    const zip = new File([new Uint8Array(changeOneDigit(zipWithSizes(0)))], 'my_spotify_data.zip');
    const summary = await importInBrowser([zip], { post, onProgress: () => undefined });
    expect(summary.rejected).toEqual([{ file: `my_spotify_data.zip/${OLDER}`, reason: DAMAGED }]);
    expect(new Set(sent.map((batch) => batch.file))).toEqual(new Set([`my_spotify_data.zip/${NEWER}`]));
    expect(await plays()).toBe(NEWER_ROWS);
  });

  it('npm run import names the damaged file and exits 1', () => {
    const file = test.folder.write('my_spotify_data.zip', changeOneDigit(zipWithSizes(0)));
    const result = spawnSync(
      process.execPath,
      [path.join(process.cwd(), 'node_modules/tsx/dist/cli.mjs'), '--conditions=react-server', 'lib/cli/import.ts', file],
      {
        env: { ...process.env, TURSO_DATABASE_URL: `file:${path.join(test.folder.dir, 'cli.db')}` },
        encoding: 'utf8',
      },
    );
    expect(result.stderr).toContain(`${file}/${OLDER}: ${DAMAGED}`);
    expect(result.status).toBe(1);
  }, 60_000);
});

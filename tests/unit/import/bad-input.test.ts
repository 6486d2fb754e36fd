import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountedRows } from '@/lib/import/summary';
import { openTestDatabase, type TestDatabase } from '@/tests/helpers/database';
import { extendedRow, fixture, importPaths, selectPlays, tempFolder, type StoredPlay } from './helpers';

let test: TestDatabase;
let folder: ReturnType<typeof tempFolder>;
let stored: StoredPlay[];

beforeAll(async () => {
  test = await openTestDatabase();
  folder = tempFolder();
  await importPaths(test.db, [fixture('endsong_0.json')]);
  stored = await selectPlays(test.db);
});
afterAll(() => {
  test.close();
  folder.remove();
});

const rows = (...overrides: Record<string, unknown>[]) => JSON.stringify(overrides.map(extendedRow));

/** Imports one bad file; the summary must name it and the stored plays must be as before. */
async function expectRefused(name: string, content: string | Uint8Array, reason: RegExp, row?: number) {
  const file = folder.write(name, content);
  const summary = await importPaths(test.db, [file]);
  expect(summary.files).toBe(0);
  expect(summary.rejected[0]).toMatchObject({ file: expect.stringContaining(name), reason: expect.stringMatching(reason) });
  if (row !== undefined) expect(summary.rejected[0]!.row).toBe(row);
  expect(await selectPlays(test.db)).toEqual(stored);
}

describe('bad input is refused with the file (and row) named, nothing written', () => {
  it('a file that is not JSON', () => expectRefused('Streaming_History_Audio_1.json', 'hello, world', /is not JSON/));
  it('a JSON object instead of a list', () => expectRefused('Streaming_History_Audio_2.json', '{"ts": 1}', /JSON object, not a list/));
  it('a truncated file', () =>
    expectRefused('Streaming_History_Audio_3.json', rows({}, { ts: '2024-05-02T10:00:00Z' }).slice(0, -40), /truncated/));
  it('a list of the wrong shape', () =>
    expectRefused('Streaming_History_Audio_4.json', '[{"name":"x","plays":3}]', /not a Spotify stream \(fields: name, plays\)/, 1));
  it('a list of numbers', () => expectRefused('Streaming_History_Audio_5.json', '[1, 2]', /is not an object/, 1));
  it('a wrong field type, on row 2', () =>
    expectRefused('Streaming_History_Audio_6.json', rows({}, { ms_played: '2000' }), /ms_played: expected number, got string/, 2));
  it('a missing required field', () =>
    expectRefused(
      'Streaming_History_Audio_7.json',
      JSON.stringify([
        { ts: '2024-05-01T10:00:00Z', ms_played: 1 },
        { ms_played: 1, ts: null },
      ]),
      /ts: expected string, got null/,
      2,
    ));
  it('an absurd timestamp', () =>
    expectRefused('Streaming_History_Audio_8.json', rows({ ts: '1970-01-01T00:00:00Z' }), /not a plausible time/, 1));
  it('a time in the future', () =>
    expectRefused('Streaming_History_Audio_9.json', rows({ ts: '2999-01-01T00:00:00Z' }), /not a plausible time/, 1));
  it('a negative ms_played', () =>
    expectRefused('Streaming_History_Audio_10.json', rows({ ms_played: -5 }), /ms_played: must not be negative/, 1));
  it('bad account-data time', () =>
    expectRefused(
      'StreamingHistory_music_0.json',
      '[{"endTime":"yesterday","artistName":"a","trackName":"b","msPlayed":1}]',
      /endTime: must be a UTC time/,
      1,
    ));
  it('not UTF-8', () => expectRefused('Streaming_History_Audio_11.json', new Uint8Array([0x5b, 0xff, 0xfe, 0x5d]), /not UTF-8/));

  it('a 50 MB string, without reading it whole', async () => {
    const huge = `[{"ts":"2024-05-01T10:00:00Z","ms_played":1,"master_metadata_track_name":"${'x'.repeat(50 * 1024 * 1024)}"}]`;
    await expectRefused('Streaming_History_Audio_12.json', huge, /larger than 1 MB/, 1);
  });

  it('a file with good rows before a bad one is all or nothing', async () => {
    const good = Array.from({ length: 12_000 }, (_, i) => ({
      ts: new Date(Date.UTC(2024, 0, 1) + i * 600_000).toISOString().replace('.000', ''),
    }));
    await expectRefused(
      'Streaming_History_Audio_13.json',
      rows(...good, { skipped: 'yes' }),
      /skipped: expected boolean, got string/,
      12_001,
    );
  });

  it('a zip bomb: the size it declares', async () => {
    const zip = zipSync({ 'Streaming_History_Audio_0.json': new TextEncoder().encode('[]') });
    // Local header field "uncompressed size" (offset 22) claims 3 GB.
    new DataView(zip.buffer).setUint32(22, 3 * 1024 ** 3, true);
    await expectRefused('bomb.zip', zip, /over the \d+-byte limit \(zip bomb\?\)/);
  });

  it('a zip with no history in it', async () => {
    const zip = zipSync({
      data: { 'Userdata.json': new TextEncoder().encode('{"username":"x"}'), 'Playlist1.json': new TextEncoder().encode('[{"name":"x"}]') },
    });
    await expectRefused('other.zip', zip, /no Spotify streaming history found/);
  });

  it('counts the rows of a refused file, read but not stored, so the summary adds up to the rows read', async () => {
    const bad = folder.write(
      'Streaming_History_Audio_98.json',
      rows({ ts: '2024-06-01T10:00:00Z' }, { ts: '2024-06-01T10:05:00Z' }, { ms_played: -1 }),
    );
    // endsong_0.json is stored already (beforeAll): its five rows are already stored.
    const summary = await importPaths(test.db, [bad, fixture('endsong_0.json')]);
    expect(summary).toMatchObject({ rowsRead: 8, refusedRows: 3, duplicates: 5, playsAdded: 0 });
    expect(accountedRows(summary)).toBe(summary.rowsRead);
  });

  it('a refused file does not stop the good ones', async () => {
    const bad = folder.write('Streaming_History_Audio_99.json', '[{');
    const summary = await importPaths(test.db, [bad, fixture('Streaming_History_Audio_2023.json')]);
    expect(summary).toMatchObject({ files: 1, playsAdded: 4, skipsAdded: 1 });
    expect(summary.rejected).toHaveLength(1);
  });
});

describe('the command line', () => {
  it('prints the summary, names the refused file and exits non-zero', () => {
    const bad = folder.write('Streaming_History_Audio_77.json', rows({ ms_played: 'many' }));
    const result = spawnSync(
      process.execPath,
      [
        path.join(process.cwd(), 'node_modules/tsx/dist/cli.mjs'),
        '--conditions=react-server',
        'lib/cli/import.ts',
        fixture('endsong_0.json'),
        bad,
      ],
      {
        env: { ...process.env, TURSO_DATABASE_URL: `file:${path.join(folder.dir, 'cli.db')}` },
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/Streams added as plays\s+4/);
    expect(result.stderr).toContain('Streaming_History_Audio_77.json, row 1: ms_played: expected number, got string');
    expect(readFileSync(path.join(folder.dir, 'cli.db')).length).toBeGreaterThan(0);
  }, 60_000);
});

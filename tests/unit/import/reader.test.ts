import { Zip, ZipDeflate } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createLocalParts } from '@/lib/import/local-time';
import { JsonArrayScanner, RowJsonError } from '@/lib/import/json-array';
import { readExportFile, type FileRead } from '@/lib/import/read-file';
import type { RowBatch, SourceFile } from '@/lib/import/types';
import { unzipSourceFiles } from '@/lib/import/zip';
import { toLocalParts, zoneOffsetMs } from '@/lib/time';
import { extendedRow } from './helpers';

async function* bytesOf(text: string, chunkSize: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let at = 0; at < bytes.length; at += chunkSize) yield bytes.subarray(at, at + chunkSize);
}

async function readAll(file: SourceFile): Promise<{ batches: RowBatch[]; read: FileRead }> {
  const read: FileRead = { format: null, rows: 0 };
  const batches: RowBatch[] = [];
  for await (const batch of readExportFile(file, read, 2)) batches.push(batch);
  return { batches, read };
}

describe('JsonArrayScanner', () => {
  const tricky = [{ a: 'brace } and ] in a string', b: 'quote \\" and \\\\' }, { c: { nested: [1, { d: '}' }] } }, { e: '日本語 🎧 "' }];
  const text = ` \n${JSON.stringify(tricky, null, 2)}\n`;

  it.each([1, 2, 3, 7, 64])('splits objects correctly however the text is chunked (%i chars)', (size) => {
    const scanner = new JsonArrayScanner();
    const objects: unknown[] = [];
    for (let at = 0; at < text.length; at += size) objects.push(...scanner.push(text.slice(at, at + size)));
    expect(scanner.finish()).toBe(3);
    expect(objects).toEqual(tricky);
  });

  it('gives a row that is not JSON as a RowJsonError in its place, the rows around it parsed', () => {
    const scanner = new JsonArrayScanner();
    const rows = scanner.push('[{"a":1},{"b":}, {"c":"}"}, {"d":{"e":2}}]');
    expect(scanner.finish()).toBe(4);
    expect(rows).toEqual([{ a: 1 }, expect.any(RowJsonError), { c: '}' }, { d: { e: 2 } }]);
    expect((rows[1] as RowJsonError).reason).toMatch(/^is not valid JSON/);
  });

  it('reports where a list is cut short', () => {
    const scanner = new JsonArrayScanner();
    scanner.push('[{"a":1},{"b":');
    expect(() => scanner.finish()).toThrow('is truncated: it ends inside the list (row 2 is incomplete)');
  });
});

describe('readExportFile', () => {
  it('classifies rows and keeps no personal field', async () => {
    const rows = [
      extendedRow({ ip_addr_decrypted: '10.0.0.1', user_agent_decrypted: 'agent', username: 'me' }),
      extendedRow({ incognito_mode: true }),
      extendedRow({ spotify_track_uri: null, spotify_episode_uri: 'spotify:episode:x' }),
      extendedRow({ offline_timestamp: 1_700_000_000_000, skipped: null }),
    ];
    const { batches, read } = await readAll({ name: 'f.json', chunks: bytesOf(JSON.stringify(rows), 5), strict: true });
    expect(read).toEqual({ format: 'extended', rows: 4 });
    expect(batches.map((b) => b.rows)).toEqual([2, 2]);
    const music = batches.flatMap((b) => b.music);
    expect(music).toHaveLength(2);
    expect(Object.keys(music[0]!).sort()).toEqual(
      [
        'albumName',
        'artistName',
        'endedAt',
        'kind',
        'msPlayed',
        'offline',
        'platform',
        'precision',
        'reasonEnd',
        'reasonStart',
        'shuffle',
        'skipped',
        'spotifyTrackId',
        'streamKey',
        'trackName',
      ].sort(),
    );
    expect(JSON.stringify(batches)).not.toMatch(/10\.0\.0\.1|192\.0\.2\.7|agent|"me"/);
    expect(music[1]).toMatchObject({
      spotifyTrackId: '0000000000000000000001',
      skipped: null,
      endedAt: Date.parse('2024-05-01T10:00:00Z'),
    });
    expect(batches.reduce((n, b) => n + b.incognito, 0)).toBe(1);
    expect(batches.flatMap((b) => b.episodes)).toEqual([expect.objectContaining({ kind: 'episode', uri: 'spotify:episode:x' })]);
  });

  it('reads account data to the minute', async () => {
    const text = JSON.stringify([{ endTime: '2023-03-19 18:31', artistName: 'A', trackName: 'B', msPlayed: 1000 }]);
    const { batches, read } = await readAll({ name: 'StreamingHistory0.json', chunks: bytesOf(text, 1000), strict: true });
    expect(read.format).toBe('account-music');
    expect(batches[0]!.music[0]).toMatchObject({
      endedAt: Date.parse('2023-03-19T18:31:00Z'),
      precision: 'minute',
      spotifyTrackId: null,
      artistName: 'A',
    });
  });

  it('passes over other JSON when not strict', async () => {
    const { batches, read } = await readAll({ name: 'Playlist1.json', chunks: bytesOf('{"playlists":[]}', 4), strict: false });
    expect(batches).toEqual([]);
    expect(read.format).toBeNull();
  });
});

describe('unzipSourceFiles', () => {
  it('stops a zip bomb by the bytes actually inflated, whatever the sizes it declares', async () => {
    const chunks: Uint8Array[] = [];
    const zip = new Zip((error, chunk) => {
      if (error) throw error;
      chunks.push(chunk);
    });
    const entry = new ZipDeflate('Streaming_History_Audio_0.json', { level: 9 });
    zip.add(entry);
    const zeros = new Uint8Array(1024 * 1024).fill(32);
    for (let i = 0; i < 8; i++) entry.push(zeros);
    entry.push(new Uint8Array(0), true);
    zip.end();
    const files = unzipSourceFiles(
      'bomb.zip',
      (async function* () {
        yield* chunks;
      })(),
      4 * 1024 * 1024,
    );
    const consume = async () => {
      for await (const file of files) for await (const chunk of file.chunks) expect(chunk.length).toBeGreaterThan(0);
    };
    await expect(consume()).rejects.toThrow(/expands to more than 4194304 bytes \(zip bomb\?\)/);
  });
});

describe('createLocalParts', () => {
  it.each(['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata'])(
    'equals toLocalParts in %s, across changes of summer time',
    (zone) => {
      const localParts = createLocalParts(zone);
      for (let day = Date.UTC(2023, 0, 1); day < Date.UTC(2024, 0, 1); day += 86_400_000) {
        // Every 5 minutes on the days the offset changes, a few samples on the others.
        const step = zoneOffsetMs(day, zone) === zoneOffsetMs(day + 86_399_999, zone) ? 5 * 3_600_000 + 7_000 : 5 * 60_000;
        for (let ms = day; ms < day + 86_400_000; ms += step) expect(localParts(ms)).toEqual(toLocalParts(ms, zone));
      }
    },
  );
});

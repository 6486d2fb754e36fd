import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importBatches } from '@/db/import/session';
import { importRules } from '@/lib/import/rules';
import { importInBrowser, type BrowserProgress } from '@/lib/import/browser-import';
import { accountedRows, addCounts, emptyCounts, type WriteCounts } from '@/lib/import/summary';
import { webBatchSchema, type WebBatch } from '@/lib/import/web-batch';
import { openTestDatabase, type TestDatabase } from '@/tests/helpers/database';
import { count, fixture } from './helpers';

let test: TestDatabase;
beforeEach(async () => {
  test = await openTestDatabase();
});
afterEach(() => test.close());

/** What POST /api/import does with a batch, minus the owner check: validate, then write. */
async function post(batch: WebBatch): Promise<WriteCounts> {
  const { music, episodes, rows, incognito, unidentified, cover } = webBatchSchema.parse(JSON.parse(JSON.stringify(batch)));
  const written = await importBatches(test.db, [{ music, episodes, rows, incognito, unidentified }], {
    rules: importRules('UTC'),
    now: 0,
    cover,
  });
  return addCounts(emptyCounts(), written);
}

const exportZip = () =>
  new File(
    [
      // A copy typed on a plain ArrayBuffer, as File wants.
      new Uint8Array(
        zipSync({
          'Spotify Extended Streaming History': {
            'Streaming_History_Audio_2023.json': new Uint8Array(readFileSync(fixture('Streaming_History_Audio_2023.json'))),
            'endsong_0.json': new Uint8Array(readFileSync(fixture('endsong_0.json'))),
            'skipped_tracks.json': new Uint8Array(readFileSync(fixture('skipped_tracks.json'))),
          },
        }),
      ),
    ],
    'my_spotify_data.zip',
  );

describe('the /import page pipeline (browser reading, server batches)', () => {
  it('imports the zip with the same counts as the CLI, and a second run adds nothing', async () => {
    const progress: BrowserProgress[] = [];
    const summary = await importInBrowser([exportZip()], { post, onProgress: (p) => progress.push(p) });
    expect(summary).toMatchObject({ files: 3, rowsRead: 21, playsAdded: 8, skipsAdded: 11, duplicates: 1, incognito: 1, rejected: [] });
    expect(progress.at(-1)).toMatchObject({ rowsSent: 21 });
    expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total);
    const again = await importInBrowser([exportZip()], { post, onProgress: () => undefined });
    expect(again).toMatchObject({ playsAdded: 0, skipsAdded: 0, duplicates: 20 });
    expect(await count(test.db, 'SELECT count(*) AS n FROM plays')).toBe(19);
  });

  it('refuses a bad file before sending any of its rows', async () => {
    const bad = new File(['[{"ts":"2024-05-01T10:00:00Z","ms_played":"long"}]'], 'Streaming_History_Audio_9.json');
    const sent: WebBatch[] = [];
    const summary = await importInBrowser([bad], { post: async (batch) => (sent.push(batch), post(batch)), onProgress: () => undefined });
    expect(sent).toEqual([]);
    expect(summary.rejected).toEqual([
      { file: 'Streaming_History_Audio_9.json', row: 1, reason: 'ms_played: expected number, got string' },
    ]);
    expect(summary).toMatchObject({ rowsRead: 1, refusedRows: 1 });
    expect(accountedRows(summary)).toBe(summary.rowsRead);
  });

  it('the endpoint schema refuses what a browser could not have produced', () => {
    const batch = { file: 'f', music: [], episodes: [], rows: 0, incognito: 0, unidentified: 0, cover: null };
    expect(webBatchSchema.safeParse(batch).success).toBe(true);
    expect(webBatchSchema.safeParse({ ...batch, incognito: 3 }).success).toBe(false);
    expect(webBatchSchema.safeParse({ ...batch, rows: 100_000 }).success).toBe(false);
    const row = {
      kind: 'music',
      endedAt: 0,
      precision: 'second',
      msPlayed: 1,
      trackName: 'a',
      artistName: 'b',
      albumName: null,
      spotifyTrackId: 'x y',
      platform: null,
      shuffle: null,
      skipped: null,
      offline: null,
      reasonStart: null,
      reasonEnd: null,
      streamKey: 1,
    };
    expect(webBatchSchema.safeParse({ ...batch, rows: 1, music: [row] }).error?.issues.map((i) => i.path.join('.'))).toEqual([
      'music.0.endedAt',
      'music.0.spotifyTrackId',
    ]);
  });
});

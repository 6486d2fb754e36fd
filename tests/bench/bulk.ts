import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createDatabase } from '@/db';
import { importBatches } from '@/db/import/session';
import { importRules } from '@/lib/import/rules';
import type { RowBatch } from '@/lib/import/types';
import { musicRow } from '@/tests/unit/import/helpers';
import { readArgs } from './args';
import { openBenchDatabase } from './bench-db';
import { watchMachine } from './machine';

/**
 * Where the bulk-write mode starts to pay (BULK_MIN_ROWS): one import of a batch of new plays
 * into a copy of the stats bench's library, with the triggers keeping the rollups and in the
 * bulk-write mode, alternately, for each batch size. Prints wall and CPU time per import.
 */
const args = readArgs({ plays: 250_000, runs: 5, sizes: '500,2500,5000,10000', dir: 'data/bench-bulk' });

const END = Date.parse('2026-11-30T00:00:00Z');

function batchOf(rows: number, run: number): RowBatch {
  const from = END + run * 86_400_000 * 40;
  const music = Array.from({ length: rows }, (_, i) =>
    musicRow(from + i * 200_000, i % 500, {
      msPlayed: 180_000,
      trackName: `Bench song ${i % 500}`,
      artistName: 'Bench band',
      albumName: 'Bench album',
      spotifyTrackId: `bench${String(i % 500).padStart(17, '0')}`,
      streamKey: from + i,
    }),
  );
  return { music, episodes: [], rows, incognito: 0, unidentified: 0 };
}

async function timedImport(base: string, rows: number, run: number, bulkMinRows: number): Promise<{ wall: number; cpu: number }> {
  const copy = path.join(args.dir, 'copy.db');
  copyFileSync(base, copy);
  const db = createDatabase(`file:${copy}`);
  try {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await importBatches(db, [batchOf(rows, run)], { rules: importRules('UTC'), now: END, bulkMinRows });
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
  } finally {
    db.$client.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${copy}${suffix}`, { force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  mkdirSync(args.dir, { recursive: true });
  const base = path.join(args.dir, `library-${args.plays}.db`);
  const db = await openBenchDatabase(
    base,
    { plays: args.plays, tracks: 40_000, artists: 8_000, years: 10, timeZone: 'UTC', endDay: '2026-11-29' },
    false,
  );
  await db.$client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  db.$client.close();
  const machine = watchMachine();
  console.log(`Batch of new plays into ${args.plays.toLocaleString('en-US')} plays, median of ${args.runs} (wall / CPU ms):`);
  for (const rows of String(args.sizes).split(',').map(Number)) {
    const triggers: { wall: number; cpu: number }[] = [];
    const bulk: { wall: number; cpu: number }[] = [];
    for (let run = 0; run < args.runs; run++) {
      triggers.push(await timedImport(base, rows, run, Infinity));
      bulk.push(await timedImport(base, rows, run, 1));
    }
    const line = (label: string, runs: { wall: number; cpu: number }[]) =>
      `${label} ${median(runs.map((r) => r.wall)).toFixed(0)} / ${median(runs.map((r) => r.cpu)).toFixed(0)}`;
    console.log(`  ${String(rows).padStart(6)} rows: ${line('triggers', triggers)}   ${line('bulk', bulk)}`);
  }
  console.log(`Took ${machine()}`);
}

await main();

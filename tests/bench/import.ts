import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { createDatabase } from '@/db';
import { migrateDatabase } from '@/db/migrate';
import { syncLocalTimes } from '@/lib/owner';
import { importInputs, parseInputs } from '@/lib/import/import-files';
import { openInputs, type ByteProgress } from '@/lib/import/node-files';
import type { ImportSummary } from '@/lib/import/summary';
import { readArgs } from './args';
import { writeSyntheticExport } from './import-export';
import { watchMachine } from './machine';
import { startLibsqlServer, type LibsqlServer } from '@/tests/fakes/libsql-server';

/** `--remote`: the database sits behind the hosted-libSQL stand-in, `--latency` ms added to each request. */
const args = readArgs({ rows: 1_000_000, dir: 'data/bench-import', timezone: 'Europe/Berlin', phase: 'all', remote: false, latency: 25 });

type Timed = { seconds: number; cpuSeconds: number; machine: string; summary: ImportSummary };

async function timedImport(db: ReturnType<typeof createDatabase>, folder: string): Promise<Timed> {
  const progress: ByteProgress = { read: 0, total: 0 };
  const machine = watchMachine();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const summary = await importInputs(db, parseInputs(await openInputs([folder], progress)), { timeZone: args.timezone, now: Date.now() });
  const { user, system } = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (user + system) / 1e6, machine: machine(), summary };
}

function report(label: string, { seconds, cpuSeconds, machine, summary }: Timed): void {
  const rate = Math.round(summary.rowsRead / seconds).toLocaleString('en-US');
  console.log(
    `${label}: ${summary.rowsRead.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s (${rate} rows/s) — ` +
      `${summary.playsAdded} plays, ${summary.skipsAdded} skips, ${summary.merged} merged, ${summary.duplicates} already stored, ${summary.podcasts} podcasts, ` +
      `${summary.incognito} incognito, ${summary.rejected.length} rejected`,
  );
  // CPU time of this process, every thread (SQLite's and the garbage collector's included).
  console.log(`  ${cpuSeconds.toFixed(1)} s of CPU time; the run took ${machine}`);
}

/** The import phase, in its own process so its peak memory is the import's alone. */
async function importPhase(folder: string): Promise<void> {
  const file = path.join(args.dir, args.remote ? 'bench-import-remote.db' : 'bench-import.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  const server = args.remote ? await startLibsqlServer({ path: file, latencyMs: args.latency }) : null;
  const db = createDatabase(server ? server.url : `file:${file}`);
  await migrateDatabase(db);
  await syncLocalTimes(db, args.timezone);
  if (server) console.log(`Against the hosted-libSQL stand-in at ${server.url}, ${args.latency} ms per request`);
  server?.reset();
  report('fresh import', await timedImport(db, folder));
  reportRequests(server);
  console.log(`peak RSS of the fresh import: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  report('re-import (all duplicates)', await timedImport(db, folder));
  reportRequests(server);
  console.log(`peak RSS after both: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  db.$client.close();
  await server?.close();
}

/** What the import cost the remote database: Turso bills rows read and written. */
function reportRequests(server: LibsqlServer | null): void {
  if (!server) return;
  const { requests, statements, rowsRead, rowsWritten } = server.stats;
  const longest = Math.max(...server.stats.perRequest.map((report) => report.statements));
  console.log(
    `  ${requests.toLocaleString('en-US')} round trips, ${statements.toLocaleString('en-US')} statements (at most ${longest} in one), ` +
      `${rowsRead.toLocaleString('en-US')} rows returned, ${rowsWritten.toLocaleString('en-US')} rows written (triggers included)`,
  );
  server.reset();
}

/** `npm run bench:import [-- --rows N]`: a synthetic export into a fresh database, then again. */
async function main(): Promise<void> {
  const folder = path.join(args.dir, `export-${args.rows}`);
  if (args.phase === 'import') return importPhase(folder);
  const generated = performance.now();
  writeSyntheticExport(folder, args.rows);
  console.log(
    `Export of ${args.rows.toLocaleString('en-US')} rows ready in ${((performance.now() - generated) / 1000).toFixed(1)} s → ${folder}`,
  );
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, ...process.argv.slice(2), '--phase', 'import'], {
    stdio: 'inherit',
  });
  if (child.status !== 0) throw new Error('the import phase failed (see above)');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

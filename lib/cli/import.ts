import { getDb } from '@/db';
import { getEnv } from '@/lib/env';
import { importInputs, parseInputs } from '@/lib/import/import-files';
import { openInputs, type ByteProgress } from '@/lib/import/node-files';
import { formatProblem, summaryLines, type ImportSummary } from '@/lib/import/summary';
import { prepareDatabase } from './migrate';
import { runCli } from './run';
import { loadEnvFiles, revalidateSite } from './site';

const USAGE = 'Usage: npm run import -- <my_spotify_data.zip | folder | file.json>...';
const BAR_WIDTH = 30;

const formatNumber = (n: number) => Math.round(n).toLocaleString('en-US');

/** One line of progress: a bar over the bytes read, rows, rows/s and the time left. */
function progressLine(progress: ByteProgress, rows: number, startedAt: number): string {
  const fraction = progress.total > 0 ? Math.min(1, progress.read / progress.total) : 0;
  const seconds = (performance.now() - startedAt) / 1000;
  const eta = fraction > 0.01 ? `${Math.ceil((seconds / fraction) * (1 - fraction))} s` : '…';
  const filled = Math.round(fraction * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${formatNumber(rows)} rows  ${formatNumber(rows / Math.max(seconds, 0.001))} rows/s  ETA ${eta}`;
}

function printSummary(summary: ImportSummary, seconds: number): void {
  console.log(`\nImport finished in ${seconds.toFixed(1)} s`);
  for (const [label, value] of summaryLines(summary)) console.log(`  ${label.padEnd(44)}${value}`);
  for (const problem of summary.rejected) console.error(`  rejected: ${formatProblem(problem)}`);
}

/** `npm run import -- <zip|folder|file>...`: a Spotify privacy export into the database TURSO_DATABASE_URL names. */
runCli(async () => {
  const paths = process.argv.slice(2);
  if (paths.length === 0) throw new Error(USAGE);
  loadEnvFiles();
  await prepareDatabase();
  const env = getEnv();
  const progress: ByteProgress = { read: 0, total: 0 };
  const inputs = parseInputs(await openInputs(paths, progress));
  const startedAt = performance.now();
  const tty = process.stdout.isTTY === true;
  let rows = 0;
  let lastDrawn = 0;
  const summary = await importInputs(
    getDb(),
    inputs,
    { timeZone: env.SITE_TIMEZONE, now: Date.now() },
    {
      onBatch: (counts) => {
        rows += counts.rowsRead;
        if (tty && performance.now() - lastDrawn > 100) {
          lastDrawn = performance.now();
          process.stdout.write(`\r${progressLine(progress, rows, startedAt)}`);
        }
      },
      onFile: (name, error) => {
        const line = `${error ? 'refused ' : 'imported'} ${name}`;
        if (tty) process.stdout.write(`\r\x1b[2K${line}\n${progressLine(progress, rows, startedAt)}`);
        else console.log(`${line} (${formatNumber(rows)} rows so far)`);
      },
    },
  );
  if (tty) process.stdout.write('\n');
  printSummary(summary, (performance.now() - startedAt) / 1000);
  if (summary.playsAdded + summary.skipsAdded + summary.merged > 0) {
    console.log(await revalidateSite());
  }
  if (summary.rejected.length > 0) process.exitCode = 1;
});

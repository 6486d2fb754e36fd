import { runCli } from '@/lib/cli/run';
import { todayIn } from '@/lib/range';
import { formatRow, percentile, readArgs } from './args';
import { openBenchDatabase } from './bench-db';
import { buildCases, type BenchCase } from './cases';
import { revalidate, startServer, timeRequest } from './http';
import { watchMachine } from './machine';

/**
 * `npm run bench [-- --plays 1000000] [--runs 30] [--http] [--fresh]`: builds a synthetic
 * database and prints, for every page's data, uncached server time; with --http, also
 * time to first byte against `next start`, cached (repeat visits) and uncached (right after
 * the cache was emptied, as after an ingest).
 */
const args = readArgs({
  plays: 250_000,
  tracks: 40_000,
  artists: 15_000,
  years: 10,
  runs: 30,
  http: false,
  fresh: false,
  port: 3210,
  timezone: 'Europe/Berlin',
});
const ms = (value: number) => value.toFixed(1);
const WIDTHS = [22, 9, 9, 12, 12, 12];
const BENCH_SECRET = 'bench-only-secret';

async function timeUncached(testCase: BenchCase): Promise<number[]> {
  await testCase.run();
  const samples: number[] = [];
  for (let i = 0; i < args.runs; i++) {
    const started = performance.now();
    await testCase.run();
    samples.push(performance.now() - started);
  }
  return samples;
}

/** Cached: repeat visits. Uncached: each request right after the stats cache was emptied. */
async function timeHttp(base: string, testCase: BenchCase) {
  const url = `${base}${testCase.path}`;
  await timeRequest(url);
  const cached = [];
  for (let i = 0; i < args.runs; i++) cached.push(await timeRequest(url));
  const uncached = [];
  for (let i = 0; i < Math.min(args.runs, 15); i++) {
    await revalidate(base, BENCH_SECRET);
    uncached.push(await timeRequest(url));
  }
  return { cached, uncached };
}

runCli(async () => {
  const path = `data/bench-${args.plays}.db`;
  const today = todayIn(args.timezone);
  const db = await openBenchDatabase(path, { ...args, endDay: today, timeZone: args.timezone }, args.fresh);
  const cases = await buildCases(db, today, args.timezone);
  const machine = watchMachine();
  console.log(`\n${args.plays.toLocaleString('en-US')} plays · uncached server time of each page's data (ms, ${args.runs} runs)\n`);
  console.log(formatRow(['page data', 'p50', 'p95'], WIDTHS));
  for (const testCase of cases) {
    const samples = await timeUncached(testCase);
    console.log(formatRow([testCase.name, ms(percentile(samples, 50)), ms(percentile(samples, 95))], WIDTHS));
  }
  console.log(`\nUncached timings took ${machine()}.`);
  if (!args.http) return;
  const server = await startServer(args.port, {
    TURSO_DATABASE_URL: `file:${path}`,
    SITE_TIMEZONE: args.timezone,
    CRON_SECRET: BENCH_SECRET,
  });
  try {
    const base = `http://127.0.0.1:${args.port}`;
    console.log(`\nHTTP against next start (ms): time to first byte and to last byte\n`);
    console.log(formatRow(['page', 'cached', '', 'uncached', '', ''], WIDTHS));
    console.log(formatRow(['', 'TTFB p50', 'full p50', 'TTFB p50', 'full p50', 'full p95'], WIDTHS));
    for (const testCase of cases.filter((c) => !c.name.includes(' 1y'))) {
      const { cached, uncached } = await timeHttp(base, testCase);
      console.log(
        formatRow(
          [
            testCase.name,
            ms(
              percentile(
                cached.map((t) => t.ttfb),
                50,
              ),
            ),
            ms(
              percentile(
                cached.map((t) => t.total),
                50,
              ),
            ),
            ms(
              percentile(
                uncached.map((t) => t.ttfb),
                50,
              ),
            ),
            ms(
              percentile(
                uncached.map((t) => t.total),
                50,
              ),
            ),
            ms(
              percentile(
                uncached.map((t) => t.total),
                95,
              ),
            ),
          ],
          WIDTHS,
        ),
      );
    }
  } finally {
    server.kill();
  }
});

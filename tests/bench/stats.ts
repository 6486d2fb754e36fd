import { runCli } from '@/lib/cli/run';
import { todayIn } from '@/lib/range';
import type { LibsqlServer } from '@/tests/fakes/libsql-server';
import { formatRow, percentile, readArgs } from './args';
import { openBenchDatabase, serveBenchDatabase } from './bench-db';
import { buildCases, buildLookupCases, type BenchCase } from './cases';
import { revalidate, startServer, timeRequest, type Timing } from './http';
import { watchMachine } from './machine';

/**
 * `npm run bench [-- --plays 1000000] [--runs 30] [--http] [--fresh] [--remote [--latency 25]]`:
 * builds a synthetic database and prints, for every page's data, uncached server time; with
 * --http, also time to first byte against `next start`, cached (repeat visits) and uncached
 * (right after the cache was emptied, as after an ingest). With --remote the database sits
 * behind the hosted-libSQL stand-in (tests/fakes/libsql-server.ts), `latency` ms added to each
 * request, and each line also says what one render cost it.
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
  remote: false,
  latency: 25,
});
const ms = (value: number) => value.toFixed(1);
const WIDTHS = [22, 9, 9, 12, 12, 12];
const BENCH_SECRET = 'bench-only-secret';

/** What one render cost the stand-in: requests, statements and rows returned. */
type Cost = { requests: number; statements: number; rowsRead: number };

/** Times of the runs after a first, unmeasured one, and on the stand-in what the last run cost it. */
async function timeUncached(testCase: BenchCase, server: LibsqlServer | null): Promise<{ samples: number[]; cost: Cost | null }> {
  await testCase.run();
  const samples: number[] = [];
  for (let i = 0; i < args.runs; i++) {
    server?.reset();
    const started = performance.now();
    await testCase.run();
    samples.push(performance.now() - started);
  }
  if (!server) return { samples, cost: null };
  const { requests, statements, rowsRead } = server.stats;
  return { samples, cost: { requests, statements, rowsRead } };
}

async function printUncached(cases: BenchCase[], server: LibsqlServer | null): Promise<void> {
  for (const testCase of cases) {
    const { samples, cost } = await timeUncached(testCase, server);
    const times = [testCase.name, ms(percentile(samples, 50)), ms(percentile(samples, 95))];
    console.log(formatRow(cost ? [...times, cost.requests, cost.statements, cost.rowsRead] : times, WIDTHS));
  }
}

/** A percentile of one of the timings, formatted. */
function timingAt(timings: Timing[], field: keyof Timing, q: number): string {
  const values = timings.map((timing) => timing[field]);
  return ms(percentile(values, q));
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

/** Cached and uncached times against `next start`, reading the file or (with --remote) the stand-in at `remoteUrl`. */
async function printHttp(path: string, remoteUrl: string | undefined, cases: BenchCase[]): Promise<void> {
  const server = await startServer(args.port, {
    TURSO_DATABASE_URL: remoteUrl ?? `file:${path}`,
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
      const cells = [
        timingAt(cached, 'ttfb', 50),
        timingAt(cached, 'total', 50),
        timingAt(uncached, 'ttfb', 50),
        timingAt(uncached, 'total', 50),
        timingAt(uncached, 'total', 95),
      ];
      console.log(formatRow([testCase.name, ...cells], WIDTHS));
    }
  } finally {
    server.kill();
  }
}

runCli(async () => {
  const path = `data/bench-${args.plays}.db`;
  const today = todayIn(args.timezone);
  const embedded = await openBenchDatabase(path, { ...args, endDay: today, timeZone: args.timezone }, args.fresh);
  if (args.remote) embedded.$client.close();
  const remote = args.remote ? await serveBenchDatabase(path, args.latency) : null;
  const db = remote?.db ?? embedded;
  const cases = await buildCases(db, today, args.timezone);
  const machine = watchMachine();
  const plays = args.plays.toLocaleString('en-US');
  if (remote) {
    console.log(`\n${plays} plays · uncached time of each page's data over HTTP, ${args.latency} ms a request (ms, ${args.runs} runs),`);
    console.log('and what one render cost the stand-in: round trips, statements (BEGIN and COMMIT included), rows returned\n');
    console.log(formatRow(['page data', 'p50', 'p95', 'round trips', 'statements', 'rows'], WIDTHS));
  } else {
    console.log(`\n${plays} plays · uncached server time of each page's data (ms, ${args.runs} runs)\n`);
    console.log(formatRow(['page data', 'p50', 'p95'], WIDTHS));
  }
  await printUncached(cases, remote?.server ?? null);
  if (remote) {
    console.log("\nRead before the page's data, each cached on its own (a cold render pays them too):\n");
    await printUncached(await buildLookupCases(db), remote.server);
  }
  console.log(`\nUncached timings took ${machine()}.`);
  try {
    if (args.http) await printHttp(path, remote?.server.url, cases);
  } finally {
    await remote?.close();
  }
});

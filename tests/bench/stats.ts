import { runCli } from '@/lib/cli/run';
import { todayIn } from '@/lib/range';
import { WARM_INTERVAL_MS, warmedPaths } from '@/lib/warm-pages';
import type { LibsqlServer } from '@/tests/fakes/libsql-server';
import { formatRow, percentile, readArgs } from './args';
import { openBenchDatabase, serveBenchDatabase } from './bench-db';
import { buildCases, buildLookupCases, type BenchCase } from './cases';
import { revalidate, startServer, timeRequest, type Timing } from './http';
import { watchMachine } from './machine';

/**
 * `npm run bench [-- --plays 1000000] [--runs 30] [--http [--warm [--wait 2000]]] [--fresh] [--remote [--latency 25]]`:
 * builds a synthetic database and prints, for every page's data, uncached server time; with
 * --http, also time to first byte against `next start`, cached (repeat visits) and uncached
 * (right after the cache was emptied, as after an ingest). With --remote the database sits
 * behind the hosted-libSQL stand-in (tests/fakes/libsql-server.ts), `latency` ms added to each
 * request, and each line also says what one render cost it. With --warm, instead of the HTTP
 * table: the first visit of each warmed page `wait` ms after a revalidation, the site's warm-up
 * off (WARM_PAGES=off) and on, against a cached visit (printWarm).
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
  warm: false,
  wait: 2_000,
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

const sleep = (delayMs: number) => new Promise((resolve) => setTimeout(resolve, delayMs));

/**
 * Each run: revalidate (past the warm-up's throttle, so a warm-up starts at once), wait, then
 * the first visit of every warmed page, each followed by a second, cached, visit. Polling a
 * page for the warm-up's end would be a visit itself, so the wait is fixed.
 */
async function timeFirstVisits(base: string, paths: string[]) {
  const first = new Map<string, number[]>(paths.map((path) => [path, []]));
  const cached = new Map<string, number[]>(paths.map((path) => [path, []]));
  for (const path of paths) await timeRequest(`${base}${path}`);
  for (let i = 0; i < args.runs; i++) {
    await sleep(Math.max(0, WARM_INTERVAL_MS - args.wait));
    await revalidate(base, BENCH_SECRET);
    await sleep(args.wait);
    // Rotated, so no page is always the first request after the wait.
    for (const path of [...paths.slice(i % paths.length), ...paths.slice(0, i % paths.length)]) {
      first.get(path)!.push((await timeRequest(`${base}${path}`)).total);
      cached.get(path)!.push((await timeRequest(`${base}${path}`)).total);
    }
  }
  return { first, cached };
}

/** The first visitor after a change, full page to the last byte, with the warm-up off and on, against a cached visit. */
async function printWarm(path: string, remoteUrl: string | undefined, today: string): Promise<void> {
  const paths = warmedPaths(today);
  const results = [];
  for (const mode of ['off', 'on'] as const) {
    const env = {
      TURSO_DATABASE_URL: remoteUrl ?? `file:${path}`,
      SITE_TIMEZONE: args.timezone,
      CRON_SECRET: BENCH_SECRET,
      WARM_PAGES: mode,
    };
    const server = await startServer(args.port, env);
    try {
      results.push(await timeFirstVisits(`http://127.0.0.1:${args.port}`, paths));
    } finally {
      server.kill();
      await sleep(500);
    }
  }
  const [off, on] = results as [Awaited<ReturnType<typeof timeFirstVisits>>, Awaited<ReturnType<typeof timeFirstVisits>>];
  const widths = [16, 11, 11, 11, 11, 11, 9];
  console.log(
    `\nFirst visit ${args.wait} ms after a revalidation vs a cached visit, full page (ms, p50 of ${args.runs} runs; p95 of first visits)\n`,
  );
  console.log(formatRow(['page', 'warm off', 'off p95', 'warm on', 'on p95', 'cached', 'on/cached'], widths));
  const sums = { off: 0, on: 0, cached: 0 };
  for (const page of paths) {
    const cells = {
      off: percentile(off.first.get(page)!, 50),
      on: percentile(on.first.get(page)!, 50),
      cached: percentile(on.cached.get(page)!, 50),
    };
    sums.off += cells.off;
    sums.on += cells.on;
    sums.cached += cells.cached;
    const p95 = (samples: number[]) => ms(percentile(samples, 95));
    const row = [ms(cells.off), p95(off.first.get(page)!), ms(cells.on), p95(on.first.get(page)!), ms(cells.cached)];
    console.log(formatRow([page, ...row, `${((cells.on / cells.cached - 1) * 100).toFixed(0)} %`], widths));
  }
  console.log(
    formatRow(
      ['all six', ms(sums.off), '', ms(sums.on), '', ms(sums.cached), `${((sums.on / sums.cached - 1) * 100).toFixed(0)} %`],
      widths,
    ),
  );
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
    if (args.http && args.warm) await printWarm(path, remote?.server.url, today);
    else if (args.http) await printHttp(path, remote?.server.url, cases);
  } finally {
    await remote?.close();
  }
});

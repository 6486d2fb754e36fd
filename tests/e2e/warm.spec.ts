import type { ChildProcess } from 'node:child_process';
import { startServer } from '../bench/http';
import { E2E_SECRETS, SPOTIFY_E2E_ENV } from '../fakes/e2e-env';
import { E2E_TIME_ZONE, FIXTURE_DB_URL } from './servers';
import { expect, test } from './test';

/**
 * The warm-up after a change (lib/warm-pages.ts), seen from the server's own log: a site of
 * its own on the fixture database, built by the suite, with Next's cache debug log on. Each
 * cached read a render makes logs whether it came from the cache ("hit") or was computed
 * ("generated"); a page whose every read is a hit was rendered again before its visitor came.
 */
const PORT = 3105;
const BASE = `http://127.0.0.1:${PORT}`;
const HIT = "'use cache' leader resolved with cache handler hit";
const GENERATED = "'use cache' leader resolved with generated entry";
const WARMED = /^Warm-up: rendered (\d+) pages in \d+ ms$/;
// What lib/warm-pages.ts promises (it is server-only, so not imported): these pages, the current year's
// overview, and at most one warm-up start per 5 s.
const WARMED_PAGES = ['/', '/tracks', '/artists', '/albums', '/genres'];
const WARM_INTERVAL_MS = 5_000;

test.describe.configure({ mode: 'serial', timeout: 60_000 });

let server: ChildProcess;
const log: string[] = [];

test.beforeAll(async () => {
  const env = {
    ...SPOTIFY_E2E_ENV,
    TURSO_DATABASE_URL: FIXTURE_DB_URL,
    SITE_TIMEZONE: E2E_TIME_ZONE,
    CRON_SECRET: E2E_SECRETS.CRON_SECRET,
    NEXT_PRIVATE_DEBUG_CACHE: '1',
  };
  server = await startServer(PORT, env, (line) => log.push(line));
});

test.afterAll(() => {
  server?.kill();
});

/** The year overview's query, as lib/range.ts writes it for the site's current year. */
function currentYearPath(): string {
  const year = new Intl.DateTimeFormat('en-CA', { timeZone: E2E_TIME_ZONE, year: 'numeric' }).format(new Date());
  return `/?range=${year}`;
}

async function revalidate(): Promise<void> {
  const response = await fetch(`${BASE}/api/cron/revalidate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${E2E_SECRETS.CRON_SECRET}` },
  });
  expect(response.status).toBe(200);
}

const warmUps = (from: number) => log.slice(from).filter((line) => WARMED.test(line));

/** How each cached read of one visit was answered, from the log lines the visit wrote. */
async function visit(path: string): Promise<{ hits: number; generated: number }> {
  const from = log.length;
  const response = await fetch(`${BASE}${path}`);
  expect(response.status, path).toBe(200);
  await response.text();
  // The cache writes its last lines as the stream ends; give stdout a moment to deliver them.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const lines = log.slice(from);
  return { hits: lines.filter((line) => line.includes(HIT)).length, generated: lines.filter((line) => line.includes(GENERATED)).length };
}

test('after a revalidation the default pages and the current year are rendered again before anyone visits them', async () => {
  // Past any earlier warm-up's interval, so this change starts one at once.
  await new Promise((resolve) => setTimeout(resolve, WARM_INTERVAL_MS));
  const from = log.length;
  await revalidate();
  await expect.poll(() => warmUps(from).length, { timeout: 20_000 }).toBe(1);
  expect(warmUps(from)[0]).toMatch(/^Warm-up: rendered 6 pages in /);

  for (const path of [...WARMED_PAGES, currentYearPath()]) {
    const reads = await visit(path);
    expect(reads, `${path}: every read from the cache`).toEqual({ hits: expect.any(Number), generated: 0 });
    expect(reads.hits, `${path}: reads logged`).toBeGreaterThanOrEqual(3);
  }
  // A page outside the list is the control: its first visit computes its data.
  const control = await visit('/?range=1y');
  expect(control.generated, '/?range=1y computes its data').toBeGreaterThan(0);
});

test('a burst of changes warms once at once and once after the last, not once per change', async () => {
  await new Promise((resolve) => setTimeout(resolve, WARM_INTERVAL_MS));
  const from = log.length;
  for (let i = 0; i < 5; i++) {
    await revalidate();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await expect.poll(() => warmUps(from).length, { timeout: WARM_INTERVAL_MS + 15_000 }).toBe(2);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(warmUps(from)).toHaveLength(2);
  // Every change expired what was rendered before it: a warm-up began after the last one.
  expect(await visit('/')).toEqual({ hits: expect.any(Number), generated: 0 });
});

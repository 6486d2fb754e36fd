import 'server-only';
import { after } from 'next/server';
import { getEnv } from './env';
import { parseStatsQuery, rangeSearch, todayIn } from './range';
import { TOP_KINDS } from './stats-kinds';

/** The pages a visitor most likely opens first, at the default range; warmedPaths adds the current year's overview. */
export const WARMED_PAGES: readonly string[] = ['/', ...TOP_KINDS.map((kind) => `/${kind}`)];

/** At most one warm-up starts per interval, per server process: a burst of import batches warms once, then once more after the last. */
export const WARM_INTERVAL_MS = 5_000;
const PAGE_TIMEOUT_MS = 10_000;
// Two at a time: a 2-core function renders two pages faster than one, and leaves visitors room.
const CONCURRENCY = 2;
const USER_AGENT = 'listening-stats-warm-up';

/** Every warmed path on `today` (the site's local date): the default pages, then the overview of today's year. */
export function warmedPaths(today: string): string[] {
  const year = parseStatsQuery({ range: today.slice(0, 4) }, today);
  return year.ok ? [...WARMED_PAGES, `/${rangeSearch(year.value.range, 'plays')}`] : [...WARMED_PAGES];
}

/**
 * Requests for a warm-up. The first starts at once; one asked for while a warm-up runs, or
 * within `intervalMs` of the last start, is queued to start after both, and every later ask
 * joins the queued one. So the last change is always followed by a warm-up that began after it.
 */
export function createWarmUpScheduler(intervalMs = WARM_INTERVAL_MS, now: () => number = Date.now) {
  let lastStartAt = -Infinity;
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  let nextWarm: () => Promise<void> = async () => {};
  const start = () => {
    lastStartAt = now();
    running = nextWarm().finally(() => {
      running = null;
    });
    return running;
  };
  return (warm: () => Promise<void>): Promise<void> => {
    nextWarm = warm;
    if (queued) return queued;
    if (!running && now() - lastStartAt >= intervalMs) return start();
    queued = (running ?? Promise.resolve())
      .then(() => new Promise((resolve) => setTimeout(resolve, Math.max(0, lastStartAt + intervalMs - now()))))
      .then(() => {
        queued = null;
        return start();
      });
    return queued;
  };
}

/** GETs one page to its last byte (a render fills the cache as it streams); the failure's reason, or null. */
async function warmPage(url: string, headers: Record<string, string>): Promise<string | null> {
  try {
    const response = await fetch(url, { headers, cache: 'no-store', redirect: 'manual', signal: AbortSignal.timeout(PAGE_TIMEOUT_MS) });
    await response.arrayBuffer();
    return response.ok ? null : `${new URL(url).pathname}${new URL(url).search} HTTP ${response.status}`;
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${PAGE_TIMEOUT_MS / 1000} s` : String(error);
    return `${new URL(url).pathname}: ${reason}`;
  }
}

/**
 * Renders every warmed page once, as a visitor would, from the site's own `origin`. Never
 * throws: a failed page is one warning line, and its next visitor renders it as before.
 * On Vercel with Deployment Protection the site must let itself in: Protection Bypass for
 * Automation sets VERCEL_AUTOMATION_BYPASS_SECRET, sent here as Vercel's bypass header (a
 * server-to-server request; the browser never sees it).
 */
export async function warmPages(origin: string): Promise<void> {
  const { SITE_TIMEZONE, VERCEL_AUTOMATION_BYPASS_SECRET: bypass } = getEnv();
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...(bypass ? { 'x-vercel-protection-bypass': bypass } : {}) };
  const paths = warmedPaths(todayIn(SITE_TIMEZONE));
  const pending = [...paths];
  const failures: string[] = [];
  const started = performance.now();
  const worker = async () => {
    for (let path = pending.shift(); path !== undefined; path = pending.shift()) {
      const failure = await warmPage(`${origin}${path}`, headers);
      if (failure) failures.push(failure);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = Math.round(performance.now() - started);
  if (failures.length > 0)
    console.warn(`Warm-up: ${failures.length} of ${paths.length} pages failed in ${elapsed} ms (${failures.join('; ')})`);
  else console.info(`Warm-up: rendered ${paths.length} pages in ${elapsed} ms`);
}

const requestWarmUp = createWarmUpScheduler();

/**
 * After the response: renders the default pages again so their next visitor gets them cached.
 * `after` keeps a serverless function alive until the warm-up ends (Vercel's waitUntil).
 * WARM_PAGES=off turns it off.
 */
export function warmPagesAfterResponse(origin: string): void {
  if (getEnv().WARM_PAGES === 'off') return;
  after(() => requestWarmUp(() => warmPages(origin)));
}

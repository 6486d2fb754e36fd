import { readFileSync } from 'node:fs';
import { validateAndNormalizeCacheLifeProfile } from 'next/dist/server/use-cache/cache-life-profile';
import { MIN_PREFETCHABLE_STALE, MIN_PRERENDERABLE_EXPIRE } from 'next/dist/server/use-cache/constants';
import { createDefaultCacheHandler } from 'next/dist/server/lib/cache-handlers/default';
import { afterEach, describe, expect, it } from 'vitest';
import { localSiteUrl, revalidateSite } from '@/lib/cli/site';
import { STALENESS_BOUND_S, STATS_CACHE_LIFE } from '@/lib/cache-tags';
import { parseEnv } from '@/lib/env';
import { createRevalidationGate } from '@/lib/revalidate';
import { json, startServer, type Handler, type RunningServer } from '@/tests/fakes/http';

const ANYWAY = 'a running site shows the change within 15 minutes anyway.';

type SeenRequest = { method?: string; path: string; authorization?: string };

let servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

/** A fake site on 127.0.0.1 that records what the CLI sends and answers with `reply`. */
async function startSite(reply: ReturnType<Handler> = json(200, { revalidated: true })) {
  const seen: SeenRequest[] = [];
  const server = await startServer((request, url) => {
    seen.push({ method: request.method, path: url.pathname, authorization: request.headers.authorization });
    return reply;
  });
  servers.push(server);
  return { seen, url: server.url, port: new URL(server.url).port };
}

/** A port nothing listens on: one the system just handed out and took back. */
async function closedPort(): Promise<string> {
  const server = await startServer(() => json(200, {}));
  await server.close();
  return new URL(server.url).port;
}

describe('revalidateSite', () => {
  it('with SITE_URL unset asks the local site on PORT and says which address it asked', async () => {
    const site = await startSite();
    const line = await revalidateSite(parseEnv({ PORT: site.port }));
    expect(line).toBe(`Asked http://127.0.0.1:${site.port} to refresh its pages.`);
    expect(site.seen).toEqual([{ method: 'POST', path: '/api/cron/revalidate', authorization: undefined }]);
  });

  it('looks for the local site on port 3000 when PORT is unset, as npm run demo and npm start serve', () => {
    expect(localSiteUrl(parseEnv({}))).toBe('http://127.0.0.1:3000');
  });

  it('sends CRON_SECRET as the bearer when it has one', async () => {
    const site = await startSite();
    await revalidateSite(parseEnv({ PORT: site.port, CRON_SECRET: 'local-cron-secret-123' }));
    expect(site.seen[0]?.authorization).toBe('Bearer local-cron-secret-123');
  });

  it('asks SITE_URL rather than the local site when it is set', async () => {
    const site = await startSite();
    const line = await revalidateSite(parseEnv({ SITE_URL: site.url, PORT: await closedPort() }));
    expect(line).toBe(`Asked ${site.url} to refresh its pages.`);
    expect(site.seen).toHaveLength(1);
  });

  it('treats a closed local port as no error: it names the address and the bound', async () => {
    const port = await closedPort();
    const line = await revalidateSite(parseEnv({ PORT: port }));
    expect(line).toBe(`No site running at http://127.0.0.1:${port} (connection refused); ${ANYWAY}`);
  });

  it('names the status of a refusal, and what a 401 needs', async () => {
    const site = await startSite(json(401, { error: 'unauthorized' }));
    const line = await revalidateSite(parseEnv({ PORT: site.port }));
    expect(line).toBe(`http://127.0.0.1:${site.port} refused to refresh its pages (HTTP 401: it needs the site's CRON_SECRET); ${ANYWAY}`);
  });

  it('gives up on a local site that does not answer within 2 s', async () => {
    const site = await startSite({ ...json(200, {}), delayMs: 4_000 });
    const started = Date.now();
    const line = await revalidateSite(parseEnv({ PORT: site.port }));
    expect(Date.now() - started).toBeLessThan(3_500);
    expect(line).toBe(`Could not reach http://127.0.0.1:${site.port} (no answer within 2 s); ${ANYWAY}`);
  });
});

describe('who may revalidate (POST /api/cron/revalidate)', () => {
  it('with CRON_SECRET, only its bearer, as often as it likes', () => {
    const admit = createRevalidationGate(10_000);
    const secret = 'site-cron-secret-456';
    expect(admit(null, secret, 0)).toBe('unauthorized');
    expect(admit('Bearer wrong-secret-0000000', secret, 0)).toBe('unauthorized');
    expect(admit(`Bearer ${secret}`, secret, 0)).toBe('ok');
    expect(admit(`Bearer ${secret}`, secret, 1)).toBe('ok');
  });

  it('without CRON_SECRET, anyone, at most once per interval, whatever header they send', () => {
    const admit = createRevalidationGate(10_000);
    expect(admit(null, undefined, 1_000)).toBe('ok');
    expect(admit(null, undefined, 10_999)).toBe('throttled');
    expect(admit('Bearer anything-at-all-123', undefined, 10_999)).toBe('throttled');
    expect(admit(null, undefined, 11_000)).toBe('ok');
  });
});

describe('the stats cache lifetime', () => {
  it('bounds how long a page can miss a write to 15 minutes', () => {
    const { stale, revalidate, expire } = STATS_CACHE_LIFE;
    expect(STALENESS_BOUND_S).toBe(stale + revalidate + expire);
    expect(STALENESS_BOUND_S).toBeLessThanOrEqual(15 * 60);
  });

  it('is a profile Next accepts and still caches, prerenders and prefetches', () => {
    expect(validateAndNormalizeCacheLifeProfile(STATS_CACHE_LIFE, { kind: 'inline' })).toEqual(STATS_CACHE_LIFE);
    expect(STATS_CACHE_LIFE.revalidate).toBeGreaterThan(0);
    expect(STATS_CACHE_LIFE.expire).toBeGreaterThanOrEqual(MIN_PRERENDERABLE_EXPIRE);
    expect(STATS_CACHE_LIFE.stale).toBeGreaterThanOrEqual(MIN_PREFETCHABLE_STALE);
  });

  it('is the lifetime of every tagged read in lib/stats.ts', () => {
    const reads = readFileSync('lib/stats.ts', 'utf8').split("'use cache';").slice(1);
    const tagged = reads.filter((read) => read.includes('cacheTag(TAGS.plays)'));
    expect(tagged.length).toBeGreaterThan(5);
    for (const read of tagged) expect(read.match(/cacheLife\(([^)]*)\)/)?.[1]).toBe('STATS_CACHE_LIFE');
  });

  it("is kept by Next's in-memory cache for at most `revalidate` in production", async () => {
    const handler = createDefaultCacheHandler(1_000_000);
    const entryAged = async (key: string, ageMs: number) => {
      const value = new Blob(['{}']).stream();
      await handler.set(key, Promise.resolve({ value, tags: ['plays'], ...STATS_CACHE_LIFE, timestamp: Date.now() - ageMs }));
      return handler.get(key, []);
    };
    expect(await entryAged('fresh', STATS_CACHE_LIFE.revalidate * 1000 - 5_000)).toBeDefined();
    expect(await entryAged('old', STATS_CACHE_LIFE.revalidate * 1000 + 1)).toBeUndefined();
  });
});

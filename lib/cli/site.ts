import { existsSync } from 'node:fs';
import { STALENESS_BOUND_S } from '@/lib/cache-tags';
import { getEnv, type Env } from '@/lib/env';

/** `next start`'s and `npm run demo`'s port when PORT is unset. */
export const DEFAULT_PORT = 3000;

/** A public site may be slow to wake; a local one answers at once or is not running. */
const PUBLIC_TIMEOUT_MS = 15_000;
const LOCAL_TIMEOUT_MS = 2_000;

const ANYWAY = `a running site shows the change within ${STALENESS_BOUND_S / 60} minutes anyway`;

/** Like Next, read .env.local then .env; variables already set win (loadEnvFile never overrides). */
export function loadEnvFiles(): void {
  for (const file of ['.env.local', '.env']) if (existsSync(file)) process.loadEnvFile(file);
}

/** Where the site runs on this machine: what `npm run demo` and `npm start` serve. */
export function localSiteUrl(env: Env = getEnv()): string {
  return `http://127.0.0.1:${env.PORT ?? DEFAULT_PORT}`;
}

function refusal(status: number): string {
  if (status === 401) return "HTTP 401: it needs the site's CRON_SECRET";
  if (status === 429) return 'HTTP 429: it was refreshed seconds ago';
  return `HTTP ${status}`;
}

function unreachable(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  return typeof cause?.code === 'string' ? cause.code : String(error);
}

/**
 * A command line cannot reach a running site's cache, so it asks the site's revalidate route:
 * SITE_URL, else the local site. With CRON_SECRET it sends it as the bearer; a site without one
 * accepts the call anyway (see lib/revalidate.ts). A site that is not running, or refuses, is no
 * error: its cache lifetime (lib/cache-tags.ts) shows the change within a bounded time anyway.
 * Returns a line for the user either way.
 */
export async function revalidateSite(env: Env = getEnv()): Promise<string> {
  const site = env.SITE_URL ?? localSiteUrl(env);
  const timeoutMs = env.SITE_URL ? PUBLIC_TIMEOUT_MS : LOCAL_TIMEOUT_MS;
  try {
    const response = await fetch(new URL('/api/cron/revalidate', site), {
      method: 'POST',
      headers: env.CRON_SECRET ? { authorization: `Bearer ${env.CRON_SECRET}` } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (response.ok) return `Asked ${site} to refresh its pages.`;
    return `${site} refused to refresh its pages (${refusal(response.status)}); ${ANYWAY}.`;
  } catch (error) {
    const reason = unreachable(error, timeoutMs);
    const lead = !env.SITE_URL && reason === 'connection refused' ? 'No site running at' : 'Could not reach';
    return `${lead} ${site} (${reason}); ${ANYWAY}.`;
  }
}

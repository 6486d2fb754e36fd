import { existsSync } from 'node:fs';
import { getEnv } from '@/lib/env';

/** Like Next, read .env.local then .env; variables already set win (loadEnvFile never overrides). */
export function loadEnvFiles(): void {
  for (const file of ['.env.local', '.env']) if (existsSync(file)) process.loadEnvFile(file);
}

/**
 * A command line cannot reach a running site's cache, so it asks the site's revalidate route.
 * Without SITE_URL and CRON_SECRET there is nothing to tell: pages then keep the old numbers
 * until the next ingest through the route (GET /api/cron/ingest) finds plays, or the next build.
 * Returns a line for the user either way.
 */
export async function revalidateSite(): Promise<string> {
  const { SITE_URL, CRON_SECRET } = getEnv();
  if (!SITE_URL || !CRON_SECRET) {
    return 'SITE_URL or CRON_SECRET unset: a running site shows the change after its next route ingest or build.';
  }
  try {
    const response = await fetch(new URL('/api/cron/revalidate', SITE_URL), {
      method: 'POST',
      headers: { authorization: `Bearer ${CRON_SECRET}` },
      signal: AbortSignal.timeout(15_000),
    });
    return response.ok ? `Asked ${SITE_URL} to refresh its pages.` : `${SITE_URL} refused to refresh its pages (HTTP ${response.status}).`;
  } catch (error) {
    return `Could not reach the site: ${String(error)}`;
  }
}

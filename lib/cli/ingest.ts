import { existsSync } from 'node:fs';
import { getDb } from '@/db';
import { getEnv } from '@/lib/env';
import { runIngest } from '@/lib/ingest/run';
import { prepareDatabase } from './migrate';
import { runCli } from './run';

/**
 * Tells a running site that its cached pages are stale. Without SITE_URL and CRON_SECRET
 * there is nothing to tell: pages then keep the old numbers until the next ingest through
 * the route (GET /api/cron/ingest) finds new plays, or the next `next build`.
 */
async function revalidateSite(): Promise<string> {
  const { SITE_URL, CRON_SECRET } = getEnv();
  if (!SITE_URL || !CRON_SECRET) return 'SITE_URL or CRON_SECRET unset: a running site shows the new plays after its next route ingest or build.';
  const response = await fetch(new URL('/api/cron/revalidate', SITE_URL), {
    method: 'POST',
    headers: { authorization: `Bearer ${CRON_SECRET}` },
    signal: AbortSignal.timeout(15_000),
  });
  return response.ok ? `Asked ${SITE_URL} to refresh its pages.` : `${SITE_URL} refused to refresh its pages (HTTP ${response.status}).`;
}

/** Like Next, read .env.local then .env; variables already set win (loadEnvFile never overrides). */
function loadEnvFiles(): void {
  for (const file of ['.env.local', '.env']) if (existsSync(file)) process.loadEnvFile(file);
}

/** `npm run ingest`: one ingest run from the command line — the local alternative to cron. */
runCli(async () => {
  loadEnvFiles();
  await prepareDatabase();
  let changed = false;
  const result = await runIngest({ db: getDb(), trigger: 'cli', onDataChanged: () => void (changed = true) });
  console.log(JSON.stringify(result));
  if (changed) console.log(await revalidateSite().catch((error: unknown) => `Could not reach the site: ${String(error)}`));
  if (result.status === 'failed') process.exitCode = 1;
});

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { getDb } from '@/db';
import { seedDemoIfEmpty } from '@/lib/demo/seed-demo';
import { getEnv } from '@/lib/env';
import { todayIn } from '@/lib/range';
import { prepareDatabase } from './migrate';
import { runCli } from './run';
import { DEFAULT_PORT, localSiteUrl } from './site';

const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
const DEMO_SECRET_FILE = 'data/demo-auth-secret';

/**
 * The demo needs no .env, but sessions and the token vault need AUTH_SECRET: generate one once
 * and keep it beside the database (data/ is git-ignored), so a restart does not lock the vault.
 */
function ensureAuthSecret(configured: string | undefined): void {
  if (configured) return;
  if (!existsSync(DEMO_SECRET_FILE)) {
    mkdirSync('data', { recursive: true });
    writeFileSync(DEMO_SECRET_FILE, randomBytes(33).toString('base64'), { mode: 0o600 });
  }
  process.env.AUTH_SECRET = readFileSync(DEMO_SECRET_FILE, 'utf8').trim();
}

/** `npm run demo`: database, demo history (only into an empty one), production build, server. */
runCli(async () => {
  const env = getEnv();
  ensureAuthSecret(env.AUTH_SECRET);
  await prepareDatabase();
  const added = await seedDemoIfEmpty(getDb(), todayIn(env.SITE_TIMEZONE), env.SITE_TIMEZONE);
  console.log(added > 0 ? `Added a demo history of ${added} plays.` : 'The database already has plays; left as it is.');
  const build = spawnSync(process.execPath, [nextBin, 'build'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('next build failed (see above).');
  console.log(`\nServing the stats site at ${localSiteUrl(env)}  (Ctrl+C stops it)\n`);
  const server = spawn(process.execPath, [nextBin, 'start', '-p', String(env.PORT ?? DEFAULT_PORT)], { stdio: 'inherit' });
  server.on('exit', (code) => process.exit(code ?? 0));
});

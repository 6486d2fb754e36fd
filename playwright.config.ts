import { defineConfig } from '@playwright/test';
import { E2E_SITE_TITLE, E2E_TIME_ZONE, EMPTY_DB_URL, EMPTY_PORT, FIXTURE_DB_URL, FIXTURE_PORT, FIXTURE_URL } from './tests/e2e/servers';
import { AUTH_SITE_ENV, AUTH_SITE_PORT, AUTH_SITE_URL, E2E_SECRETS, FAKES_PORT, SPOTIFY_E2E_ENV } from './tests/fakes/e2e-env';

// Every site points at the fake Spotify (the build bakes its origin into the CSP), and the build
// sees the secrets, so the bundle check in security.spec.ts proves they stay out of it.
const serverEnv = { SITE_TIMEZONE: E2E_TIME_ZONE, SITE_TITLE: E2E_SITE_TITLE, NEXT_TELEMETRY_DISABLED: '1', ...SPOTIFY_E2E_ENV };

/**
 * End-to-end tests in Debian's Chromium against `next build && next start` on a fixture
 * database. A second server reads an empty database; both use the same build, and web
 * servers start one after the other, so the second starts once the build exists. The fake
 * Spotify and MusicBrainz start first; a third site, on a fresh database with the secrets set,
 * is the deployment the owner connects (connect.spec.ts).
 */
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: FIXTURE_URL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: [
    {
      command: 'npx tsx --conditions=react-server tests/fakes/serve.ts',
      url: `http://127.0.0.1:${FAKES_PORT}/__admin/tokens`,
      timeout: 60_000,
      reuseExistingServer: !process.env.CI,
    },
    {
      // The databases are built and migrated before `next build`, which prerenders against them.
      command: `npx tsx --conditions=react-server tests/e2e/fixture-db.ts && npx next build && npx next start -H 127.0.0.1 -p ${FIXTURE_PORT}`,
      url: `${FIXTURE_URL}/api/stats/overview?range=all`,
      env: { ...serverEnv, ...E2E_SECRETS, TURSO_DATABASE_URL: FIXTURE_DB_URL },
      timeout: 240_000,
      reuseExistingServer: !process.env.CI,
    },
    {
      command: `npx next start -H 127.0.0.1 -p ${EMPTY_PORT}`,
      url: `http://127.0.0.1:${EMPTY_PORT}/api/stats/overview?range=all`,
      env: { ...serverEnv, TURSO_DATABASE_URL: EMPTY_DB_URL },
      timeout: 60_000,
      reuseExistingServer: !process.env.CI,
    },
    {
      command: `npx next start -H 127.0.0.1 -p ${AUTH_SITE_PORT}`,
      url: `${AUTH_SITE_URL}/api/stats/overview?range=all`,
      env: { ...serverEnv, ...AUTH_SITE_ENV },
      timeout: 60_000,
      reuseExistingServer: !process.env.CI,
    },
  ],
});

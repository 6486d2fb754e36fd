/**
 * Where the e2e servers listen and which databases they read. Shared by playwright.config.ts,
 * the fixture builder and the specs, so a port or a path is named once.
 */
export const E2E_TIME_ZONE = 'Europe/Berlin';
export const E2E_SITE_TITLE = 'E2E listening stats';

export const FIXTURE_PORT = 3100;
export const EMPTY_PORT = 3101;
export const FIXTURE_URL = `http://127.0.0.1:${FIXTURE_PORT}`;
export const EMPTY_URL = `http://127.0.0.1:${EMPTY_PORT}`;

export const FIXTURE_DB_URL = 'file:./data/e2e.db';
export const EMPTY_DB_URL = 'file:./data/e2e-empty.db';

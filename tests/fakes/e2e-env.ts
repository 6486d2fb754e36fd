/**
 * The Spotify connection's e2e setup, named once for playwright.config.ts, the fake servers
 * and the specs: fakes on fixed ports, and a site on 127.0.0.1 (as Spotify's redirect rule
 * demands) with its own, initially empty, database.
 */
export const FAKES_PORT = 3190;
export const FAKE_MUSICBRAINZ_PORT = 3191;
export const FAKE_LISTENBRAINZ_PORT = 3192;
export const AUTH_SITE_PORT = 3102;
export const AUTH_SITE_URL = `http://127.0.0.1:${AUTH_SITE_PORT}`;
export const AUTH_DB_PATH = 'data/e2e-auth.db';

export const E2E_SECRETS = {
  AUTH_SECRET: 'e2e-auth-secret-9f8a7c6b5d4e3f2a1b0c9d8e7f6a5b4c',
  CRON_SECRET: 'e2e-cron-secret-5a4b3c2d1e0f',
  AUTH_SPOTIFY_SECRET: 'fake-client-secret',
};

/** The environment every e2e site gets (the build reads SPOTIFY_ACCOUNTS_URL for its CSP). */
export const SPOTIFY_E2E_ENV = {
  SPOTIFY_ACCOUNTS_URL: `http://127.0.0.1:${FAKES_PORT}/accounts`,
  SPOTIFY_API_URL: `http://127.0.0.1:${FAKES_PORT}/v1`,
  SPOTIFY_OEMBED_URL: `http://127.0.0.1:${FAKES_PORT}`,
  MUSICBRAINZ_API_URL: `http://127.0.0.1:${FAKE_MUSICBRAINZ_PORT}`,
  LISTENBRAINZ_API_URL: `http://127.0.0.1:${FAKE_LISTENBRAINZ_PORT}`,
  AUTH_SPOTIFY_ID: 'fake-client-id',
};

/** The connected site's own variables: secrets only where they are needed. */
export const AUTH_SITE_ENV = {
  ...SPOTIFY_E2E_ENV,
  ...E2E_SECRETS,
  TURSO_DATABASE_URL: `file:./${AUTH_DB_PATH}`,
};

export const E2E_USERS = {
  owner: { key: 'owner', id: 'e2e-owner-id', accountId: 'e2e-owner-account', displayName: 'E2E Owner' },
  stranger: { key: 'stranger', id: 'e2e-stranger-id', displayName: 'Stranger' },
};

import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '@/lib/env';

function envError(source: Record<string, string | undefined>): EnvError {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(source)} to be rejected`);
}

// The Spotify connection's service URLs default to the real services.
const SERVICE_DEFAULTS = {
  SPOTIFY_ACCOUNTS_URL: 'https://accounts.spotify.com',
  SPOTIFY_API_URL: 'https://api.spotify.com/v1',
  SPOTIFY_OEMBED_URL: 'https://open.spotify.com',
  SPOTIFY_DAILY_BUDGET: 800,
  MUSICBRAINZ_API_URL: 'https://musicbrainz.org/ws/2',
  LISTENBRAINZ_API_URL: 'https://api.listenbrainz.org',
  NODE_ENV: 'development',
  WARM_PAGES: 'on',
};

describe('parseEnv', () => {
  it('defaults to a local file database in UTC', () => {
    expect(parseEnv({})).toEqual({ TURSO_DATABASE_URL: 'file:./data/listening.db', SITE_TIMEZONE: 'UTC', ...SERVICE_DEFAULTS });
  });

  it('treats empty variables as unset', () => {
    expect(parseEnv({ TURSO_DATABASE_URL: '', SITE_TIMEZONE: '', TURSO_AUTH_TOKEN: '', SITE_TITLE: '' })).toEqual({
      TURSO_DATABASE_URL: 'file:./data/listening.db',
      SITE_TIMEZONE: 'UTC',
      ...SERVICE_DEFAULTS,
    });
  });

  it('accepts every libSQL URL form and an IANA zone', () => {
    for (const url of ['file:/tmp/x.db', 'libsql://db-me.turso.io', 'https://db.example.com', 'ws://127.0.0.1:8080', ':memory:']) {
      expect(parseEnv({ TURSO_DATABASE_URL: url }).TURSO_DATABASE_URL).toBe(url);
    }
    expect(parseEnv({ SITE_TIMEZONE: 'Asia/Kolkata', TURSO_AUTH_TOKEN: 'tok', SITE_TITLE: 'Mine' })).toMatchObject({
      SITE_TIMEZONE: 'Asia/Kolkata',
      TURSO_AUTH_TOKEN: 'tok',
      SITE_TITLE: 'Mine',
    });
  });

  it('names SITE_TIMEZONE when the zone is not a real one', () => {
    const error = envError({ SITE_TIMEZONE: 'Mars/Olympus_Mons' });
    expect(error.name).toBe('EnvError');
    expect(error.message).toContain('SITE_TIMEZONE: must be an IANA time zone');
    expect(error.message).not.toContain('TURSO_DATABASE_URL');
  });

  it('names TURSO_DATABASE_URL when the URL is malformed', () => {
    for (const url of ['postgres://db', './data/listening.db', ':memory:x']) {
      expect(envError({ TURSO_DATABASE_URL: url }).message).toContain('TURSO_DATABASE_URL: must be a libSQL URL');
    }
  });

  it('lists every bad variable at once', () => {
    const message = envError({ TURSO_DATABASE_URL: 'mysql://x', SITE_TIMEZONE: 'Nowhere', SITE_TITLE: 'x'.repeat(121) }).message;
    expect(message.split('\n').map((line) => line.trim().split(':')[0])).toEqual([
      'Invalid environment configuration',
      'TURSO_DATABASE_URL',
      'SITE_TIMEZONE',
      'SITE_TITLE',
    ]);
  });
});

describe('parseEnv: PORT', () => {
  it('reads a port number, and leaves it unset when empty', () => {
    expect(parseEnv({ PORT: '4000' }).PORT).toBe(4000);
    expect(parseEnv({ PORT: '65535' }).PORT).toBe(65535);
    expect(parseEnv({ PORT: '' }).PORT).toBeUndefined();
    expect(parseEnv({}).PORT).toBeUndefined();
  });

  it('names PORT when it is not a port number', () => {
    for (const port of ['0', '65536', '123456', 'abc', '30.5', '-1', ' 3000']) {
      expect(envError({ PORT: port }).message).toContain('PORT: must be a port number, 1–65535');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv, requireAuthSecret } from '@/lib/env';

describe('Spotify connection configuration', () => {
  it('defaults the service URLs to the real services and trims trailing slashes', () => {
    expect(parseEnv({})).toMatchObject({
      SPOTIFY_ACCOUNTS_URL: 'https://accounts.spotify.com',
      SPOTIFY_API_URL: 'https://api.spotify.com/v1',
      MUSICBRAINZ_API_URL: 'https://musicbrainz.org/ws/2',
    });
    expect(parseEnv({ SPOTIFY_API_URL: 'http://127.0.0.1:3190/v1/' }).SPOTIFY_API_URL).toBe('http://127.0.0.1:3190/v1');
  });

  it('names each bad variable', () => {
    const check = (source: Record<string, string>, text: string) => {
      expect(() => parseEnv(source)).toThrow(EnvError);
      expect(() => parseEnv(source)).toThrow(text);
    };
    check({ CRON_SECRET: 'short' }, 'CRON_SECRET: must be at least 16 characters');
    check({ AUTH_SECRET: 'short' }, 'AUTH_SECRET: must be at least 32 characters');
    check({ ALERT_WEBHOOK_URL: 'hooks.slack.com/x' }, 'ALERT_WEBHOOK_URL: must be an http(s) URL');
    check({ SPOTIFY_ACCOUNTS_URL: 'ftp://accounts' }, 'SPOTIFY_ACCOUNTS_URL: must be an http(s) URL');
  });

  it('requires AUTH_SECRET only where the connection needs it', () => {
    const secret = 'x'.repeat(40);
    expect(requireAuthSecret(parseEnv({ AUTH_SECRET: secret }))).toBe(secret);
    expect(() => requireAuthSecret(parseEnv({}))).toThrow('AUTH_SECRET: is required to connect Spotify');
  });
});

import { saveOwnerConnection } from '@/db/owner/spotify-accounts';
import { sealToken } from '@/lib/vault';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { json, startServer } from './http';
import { FakeListenBrainz } from './listenbrainz';
import { FakeMusicBrainz } from './musicbrainz';
import { FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, FakeSpotify } from './spotify';

export const TEST_AUTH_SECRET = 'test-auth-secret-0123456789abcdefghijklmnop';
export const OWNER = { key: 'owner', id: 'owner-user-id', accountId: 'owner-account-id', displayName: 'Owner' };

/**
 * Fake Spotify and MusicBrainz for a test file, with the environment pointing at them. The
 * environment is read once per process, so start this before anything calls getEnv().
 */
export async function startFakes(env: Record<string, string> = {}) {
  const spotify = await new FakeSpotify().start();
  const musicBrainz = await new FakeMusicBrainz().start();
  const listenBrainz = await new FakeListenBrainz().start();
  /** Messages posted to ALERT_WEBHOOK_URL. */
  const alerts: { text: string; content: string }[] = [];
  const webhook = await startServer((_request, _url, body) => {
    alerts.push(JSON.parse(body) as { text: string; content: string });
    return json(200, { ok: true });
  });
  Object.assign(process.env, {
    ALERT_WEBHOOK_URL: `${webhook.url}/hook`,
    SPOTIFY_ACCOUNTS_URL: spotify.accountsUrl,
    SPOTIFY_API_URL: spotify.apiUrl,
    SPOTIFY_OEMBED_URL: spotify.url,
    MUSICBRAINZ_API_URL: musicBrainz.url,
    LISTENBRAINZ_API_URL: listenBrainz.url,
    AUTH_SECRET: TEST_AUTH_SECRET,
    AUTH_SPOTIFY_ID: FAKE_CLIENT_ID,
    AUTH_SPOTIFY_SECRET: FAKE_CLIENT_SECRET,
    SITE_TIMEZONE: 'Europe/Berlin',
    ...env,
  });
  spotify.addUser(OWNER);
  const close = async () => {
    await Promise.all([spotify.close(), musicBrainz.close(), listenBrainz.close(), webhook.close()]);
  };
  return { spotify, musicBrainz, listenBrainz, alerts, close };
}

/** A database where the owner has connected (tokens sealed as the login would store them). */
export async function openConnectedDatabase(
  spotify: FakeSpotify,
  options: { authorizedAt?: number; accessTokenExpiresAt?: number } = {},
): Promise<TestDatabase> {
  const test = await openTestDatabase();
  const tokens = spotify.issueTokens(OWNER.key);
  await saveOwnerConnection(test.db, {
    spotifyUserId: OWNER.accountId,
    displayName: OWNER.displayName,
    refreshTokenEnc: sealToken(tokens.refreshToken, TEST_AUTH_SECRET, 'refresh'),
    accessTokenEnc: sealToken(tokens.accessToken, TEST_AUTH_SECRET, 'access'),
    accessTokenExpiresAt: options.accessTokenExpiresAt ?? Date.now() + 3_600_000,
    scopes: 'user-read-recently-played user-top-read',
    authorizedAt: options.authorizedAt ?? Date.now(),
  });
  return test;
}

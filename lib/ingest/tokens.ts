import 'server-only';
import type { Database } from '@/db';
import type { SpotifyAccount } from '@/db/schema';
import { markNeedsReconnect, saveRefreshedTokens } from '@/db/owner/spotify-accounts';
import { raiseAlert } from '@/lib/alerts';
import type { Env } from '@/lib/env';
import { refreshAccessToken, SpotifyAuthError, type TokenSource } from '@/lib/spotify/client';
import type { RetryPolicy } from '@/lib/spotify/http';
import { openToken, sealToken, VaultError } from '@/lib/vault';

/** Refresh this long before the access token's expiry, so no request races it. */
const EXPIRY_MARGIN_MS = 60_000;
const MONTHS_OF_VALIDITY = 6;

/** Refresh tokens die 6 months after the owner authorized; refreshing does not extend that. */
export function refreshTokenExpiresAt(authorizedAt: number): number {
  const date = new Date(authorizedAt);
  date.setUTCMonth(date.getUTCMonth() + MONTHS_OF_VALIDITY);
  return date.getTime();
}

/**
 * Access tokens for one run: the stored one while it is fresh, else a refresh whose result
 * (and any rotated refresh token) is sealed and saved. invalid_grant marks the connection
 * "needs reconnect" and alerts the owner before the error propagates.
 */
export function createTokenSource(db: Database, account: SpotifyAccount, env: Env, secret: string, policy: RetryPolicy): TokenSource {
  let accessToken: string | null = null;
  if (account.accessTokenEnc && (account.accessTokenExpiresAt ?? 0) > Date.now() + EXPIRY_MARGIN_MS) {
    try {
      accessToken = openToken(account.accessTokenEnc, secret, 'access');
    } catch {
      // A vault sealed under another AUTH_SECRET: the refresh below reports it.
    }
  }
  let refreshTokenEnc = account.refreshTokenEnc;

  async function renew(): Promise<string> {
    const endpoints = {
      accountsUrl: env.SPOTIFY_ACCOUNTS_URL,
      apiUrl: env.SPOTIFY_API_URL,
      clientId: env.AUTH_SPOTIFY_ID,
      clientSecret: env.AUTH_SPOTIFY_SECRET,
    };
    try {
      let refreshToken: string;
      try {
        refreshToken = openToken(refreshTokenEnc, secret, 'refresh');
      } catch (error) {
        throw error instanceof VaultError ? new SpotifyAuthError(error.message) : error;
      }
      const token = await refreshAccessToken(endpoints, refreshToken, policy);
      const now = Date.now();
      const rotated = token.refresh_token ? sealToken(token.refresh_token, secret, 'refresh') : null;
      await saveRefreshedTokens(db, {
        accountId: account.id,
        accessTokenEnc: sealToken(token.access_token, secret, 'access'),
        accessTokenExpiresAt: now + token.expires_in * 1000,
        refreshTokenEnc: rotated,
        now,
      });
      if (rotated) refreshTokenEnc = rotated;
      accessToken = token.access_token;
      return token.access_token;
    } catch (error) {
      if (error instanceof SpotifyAuthError) {
        await markNeedsReconnect(db, { accountId: account.id, reason: error.message, now: Date.now() });
        await raiseAlert(db, 'needs_reconnect', 'Spotify refused the stored authorization. Log in again on /connect to resume ingestion.');
      }
      throw error;
    }
  }

  return { current: async () => accessToken ?? renew(), renew };
}

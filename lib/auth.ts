import 'server-only';
import NextAuth, { type NextAuthConfig } from 'next-auth';
import Spotify from 'next-auth/providers/spotify';
import { cookies } from 'next/headers';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { getDb } from '@/db';
import { saveOwnerConnection, selectOwnerAccountSummary } from '@/db/owner/spotify-accounts';
import { resolveAlert } from './alerts';
import { decideLogin, ownerIdOf, type SpotifyProfile } from './auth-owner';
import { getEnv, requireAuthSecret } from './env';
import { CLAIM_COOKIE, isValidClaim } from './owner-claim';
import { sealToken } from './vault';

export const SPOTIFY_SCOPES = 'user-read-recently-played user-top-read';
export const REFUSED_PATH = '/connect/refused';
export const CLAIM_REQUIRED_PATH = '/connect?error=claim';

declare module 'next-auth' {
  interface Session {
    spotifyUserId?: string;
  }
}

/** Stores the tokens of an allowed login (sealed); returns where to send a refused one. */
async function admitLogin(
  account: { access_token?: string; refresh_token?: string; expires_at?: number; scope?: string },
  profile: SpotifyProfile,
) {
  const env = getEnv();
  const secret = requireAuthSecret(env);
  const spotifyUserId = ownerIdOf(profile);
  if (!spotifyUserId || !account.access_token || !account.refresh_token) return REFUSED_PATH;
  const db = getDb();
  const now = Date.now();
  const stored = await selectOwnerAccountSummary(db);
  const hasClaim = isValidClaim((await cookies()).get(CLAIM_COOKIE)?.value, secret, now);
  const decision = decideLogin(spotifyUserId, { env, storedOwnerId: stored?.spotifyUserId ?? null, hasClaim });
  if (decision === 'refuse') return REFUSED_PATH;
  if (decision === 'claim_required') return CLAIM_REQUIRED_PATH;
  const saved = await saveOwnerConnection(db, {
    spotifyUserId,
    displayName: typeof profile.display_name === 'string' ? profile.display_name : null,
    refreshTokenEnc: sealToken(account.refresh_token, secret, 'refresh'),
    accessTokenEnc: sealToken(account.access_token, secret, 'access'),
    accessTokenExpiresAt: (account.expires_at ?? Math.floor(now / 1000) + 3600) * 1000,
    scopes: account.scope ?? SPOTIFY_SCOPES,
    authorizedAt: now,
  });
  if (!saved) return REFUSED_PATH;
  (await cookies()).delete(CLAIM_COOKIE);
  await resolveAlert(db, 'needs_reconnect', now);
  return true;
}

function buildConfig(): NextAuthConfig {
  const env = getEnv();
  return {
    secret: env.AUTH_SECRET,
    // The origin comes from the Host header: see app/api/auth/[...nextauth]/route.ts.
    trustHost: true,
    session: { strategy: 'jwt', maxAge: 30 * 86_400 },
    pages: { signIn: '/connect', error: '/connect' },
    providers: [
      Spotify({
        clientId: env.AUTH_SPOTIFY_ID,
        clientSecret: env.AUTH_SPOTIFY_SECRET,
        authorization: `${env.SPOTIFY_ACCOUNTS_URL}/authorize?scope=${encodeURIComponent(SPOTIFY_SCOPES)}`,
        token: `${env.SPOTIFY_ACCOUNTS_URL}/api/token`,
        userinfo: `${env.SPOTIFY_API_URL}/me`,
        // Development Mode has no email; the owner is identified by account_id, else id.
        profile: (profile: SpotifyProfile) => ({
          id: ownerIdOf(profile) ?? undefined,
          name: typeof profile.display_name === 'string' ? profile.display_name : null,
        }),
      }),
    ],
    callbacks: {
      signIn: ({ account, profile }) => (account && profile ? admitLogin(account, profile as SpotifyProfile) : REFUSED_PATH),
      jwt: ({ token, profile }) => {
        if (profile) token.spotifyUserId = ownerIdOf(profile as SpotifyProfile) ?? undefined;
        return token;
      },
      session: ({ session, token }) => {
        session.spotifyUserId = typeof token.spotifyUserId === 'string' ? token.spotifyUserId : undefined;
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(buildConfig);

export type OwnerSession = { spotifyUserId: string; displayName: string | null; status: 'connected' | 'needs_reconnect' };

/**
 * The signed-in owner, checked against the stored connection on every call; null for anyone
 * else. Every owner-only page, action and route calls this (or requireOwner) itself.
 */
export async function getOwnerSession(): Promise<OwnerSession | null> {
  await connection();
  return resolveOwnerSession();
}

/** getOwnerSession without connection(), for proxy.ts (which always runs per request). */
export async function resolveOwnerSession(): Promise<OwnerSession | null> {
  if (!getEnv().AUTH_SECRET) return null;
  const session = await auth();
  if (!session?.spotifyUserId) return null;
  const owner = await selectOwnerAccountSummary(getDb());
  if (!owner || owner.spotifyUserId !== session.spotifyUserId) return null;
  return { spotifyUserId: owner.spotifyUserId, displayName: owner.displayName, status: owner.status };
}

/** For owner-only pages and actions: anyone but the owner gets a 404, as if nothing were there. */
export async function requireOwner(): Promise<OwnerSession> {
  const owner = await getOwnerSession();
  if (!owner) notFound();
  return owner;
}

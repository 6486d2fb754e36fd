import 'server-only';
import { eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { spotifyAccounts, type SpotifyAccount } from '@/db/schema';

/** The owner's connection: the one account row, or null before anyone connected. */
export async function getOwnerAccount(db: Database): Promise<SpotifyAccount | null> {
  const [row] = await db.select().from(spotifyAccounts).orderBy(spotifyAccounts.id).limit(1);
  return row ?? null;
}

/** The connection's public facts: what pages may show, never a token. */
export type OwnerAccountSummary = Pick<SpotifyAccount, 'spotifyUserId' | 'displayName' | 'status' | 'statusReason' | 'authorizedAt'>;

export async function selectOwnerAccountSummary(db: Database): Promise<OwnerAccountSummary | null> {
  const { spotifyUserId, displayName, status, statusReason, authorizedAt } = spotifyAccounts;
  const [row] = await db
    .select({ spotifyUserId, displayName, status, statusReason, authorizedAt })
    .from(spotifyAccounts)
    .orderBy(spotifyAccounts.id)
    .limit(1);
  return row ?? null;
}

export type OwnerConnection = {
  spotifyUserId: string;
  displayName: string | null;
  refreshTokenEnc: string;
  accessTokenEnc: string;
  accessTokenExpiresAt: number;
  scopes: string;
  authorizedAt: number;
};

/**
 * Stores a (re)connection. Atomic: the row is written only if no *other* account exists, so
 * two strangers racing for a fresh deployment cannot both become its owner. Returns false
 * when refused.
 */
export async function saveOwnerConnection(db: Database, connection: OwnerConnection): Promise<boolean> {
  const c = connection;
  // Raw SQL: the guard needs INSERT…SELECT … WHERE NOT EXISTS, one statement, which the builder's VALUES insert cannot carry.
  const result = await db.$client.execute({
    sql: `INSERT INTO spotify_accounts (spotify_user_id, display_name, refresh_token_enc, access_token_enc,
        access_token_expires_at, scopes, authorized_at, status, status_reason, updated_at)
      SELECT ?, ?, ?, ?, ?, ?, ?, 'connected', NULL, ? WHERE NOT EXISTS (SELECT 1 FROM spotify_accounts WHERE spotify_user_id <> ?)
      ON CONFLICT (spotify_user_id) DO UPDATE SET display_name = excluded.display_name,
        refresh_token_enc = excluded.refresh_token_enc, access_token_enc = excluded.access_token_enc,
        access_token_expires_at = excluded.access_token_expires_at, scopes = excluded.scopes,
        authorized_at = excluded.authorized_at, status = 'connected', status_reason = NULL, updated_at = excluded.updated_at`,
    args: [
      c.spotifyUserId,
      c.displayName,
      c.refreshTokenEnc,
      c.accessTokenEnc,
      c.accessTokenExpiresAt,
      c.scopes,
      c.authorizedAt,
      c.authorizedAt,
      c.spotifyUserId,
    ],
  });
  return result.rowsAffected > 0;
}

export type RefreshedTokens = {
  accountId: number;
  accessTokenEnc: string;
  accessTokenExpiresAt: number;
  /** A rotated refresh token, or null when Spotify kept the old one. */
  refreshTokenEnc: string | null;
  now: number;
};

/** After a refresh; a rotated refresh token replaces the old one, otherwise the old one stays. */
export async function saveRefreshedTokens(db: Database, tokens: RefreshedTokens): Promise<void> {
  await db
    .update(spotifyAccounts)
    .set({
      accessTokenEnc: tokens.accessTokenEnc,
      accessTokenExpiresAt: tokens.accessTokenExpiresAt,
      ...(tokens.refreshTokenEnc !== null && { refreshTokenEnc: tokens.refreshTokenEnc }),
      updatedAt: tokens.now,
    })
    .where(eq(spotifyAccounts.id, tokens.accountId));
}

/** The refresh token is dead: forget the access token too, and wait for the owner. */
export async function markNeedsReconnect(
  db: Database,
  { accountId, reason, now }: { accountId: number; reason: string; now: number },
): Promise<void> {
  await db
    .update(spotifyAccounts)
    .set({ status: 'needs_reconnect', statusReason: reason, accessTokenEnc: null, accessTokenExpiresAt: null, updatedAt: now })
    .where(eq(spotifyAccounts.id, accountId));
}

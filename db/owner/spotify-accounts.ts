import 'server-only';
import type { Database } from '@/db';
import type { SpotifyAccount } from '@/db/schema';
import { readRows } from '@/db/sql';

const COLUMNS = `id, spotify_user_id AS spotifyUserId, display_name AS displayName, refresh_token_enc AS refreshTokenEnc,
  access_token_enc AS accessTokenEnc, access_token_expires_at AS accessTokenExpiresAt, scopes, authorized_at AS authorizedAt,
  status, status_reason AS statusReason, updated_at AS updatedAt`;

/** The owner's connection: the one account row, or null before anyone connected. */
export async function getOwnerAccount(db: Database): Promise<SpotifyAccount | null> {
  const [row] = await readRows<SpotifyAccount>(db, `SELECT ${COLUMNS} FROM spotify_accounts ORDER BY id LIMIT 1`);
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

/** After a refresh; a rotated refresh token replaces the old one, otherwise the old one stays. */
export async function saveRefreshedTokens(
  db: Database,
  accountId: number,
  tokens: { accessTokenEnc: string; accessTokenExpiresAt: number; refreshTokenEnc: string | null; now: number },
): Promise<void> {
  await db.$client.execute({
    sql: `UPDATE spotify_accounts SET access_token_enc = ?, access_token_expires_at = ?,
        refresh_token_enc = coalesce(?, refresh_token_enc), updated_at = ? WHERE id = ?`,
    args: [tokens.accessTokenEnc, tokens.accessTokenExpiresAt, tokens.refreshTokenEnc, tokens.now, accountId],
  });
}

/** The refresh token is dead: forget the access token too, and wait for the owner. */
export async function markNeedsReconnect(db: Database, accountId: number, reason: string, now: number): Promise<void> {
  await db.$client.execute({
    sql: `UPDATE spotify_accounts SET status = 'needs_reconnect', status_reason = ?, access_token_enc = NULL,
        access_token_expires_at = NULL, updated_at = ? WHERE id = ?`,
    args: [reason, now, accountId],
  });
}

import 'server-only';
import type { Database } from '@/db';
import { raiseAlert } from '@/lib/alerts';
import { refreshTokenExpiresAt } from './tokens';

/** The owner is warned this long before the refresh token dies. */
export const EXPIRY_WARNING_MS = 14 * 86_400_000;

/** Alerts once per authorization when its refresh token has less than 14 days left. */
export async function checkTokenExpiry(db: Database, authorizedAt: number, now = Date.now()): Promise<boolean> {
  const expiresAt = refreshTokenExpiresAt(authorizedAt);
  if (expiresAt - now > EXPIRY_WARNING_MS) return false;
  const days = Math.max(0, Math.ceil((expiresAt - now) / 86_400_000));
  return raiseAlert(
    db,
    `token_expiry:${authorizedAt}`,
    `the Spotify authorization expires in ${days} day${days === 1 ? '' : 's'} (${new Date(expiresAt).toISOString().slice(0, 10)}). Log in again on /connect to renew it for 6 months.`,
    now,
  );
}

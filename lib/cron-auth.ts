import { getEnv } from './env';
import { secretsMatch } from './owner-claim';

/**
 * `Authorization: Bearer $CRON_SECRET`, compared in constant time. Without CRON_SECRET every
 * call is refused: an open ingest route would let anyone spend the Spotify quota.
 */
export function isCronAuthorized(header: string | null, secret = getEnv().CRON_SECRET): boolean {
  if (!secret || !header) return false;
  return secretsMatch(header, `Bearer ${secret}`);
}

import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * Proof, kept in a short-lived cookie, that whoever starts the first login knows the
 * deployment's CRON_SECRET: a stranger who finds a fresh deployment cannot claim it.
 */
export const CLAIM_COOKIE = 'ls-owner-claim';
export const CLAIM_TTL_MS = 10 * 60_000;

function claimKey(authSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', authSecret, 'listening-stats', 'owner-claim v1', 32));
}

function sign(expiresAt: number, authSecret: string): string {
  return createHmac('sha256', claimKey(authSecret)).update(`claim.${expiresAt}`).digest('base64url');
}

/** Constant-time comparison of two secrets of any length. */
export function secretsMatch(given: string, expected: string): boolean {
  const a = createHmac('sha256', 'compare').update(given).digest();
  const b = createHmac('sha256', 'compare').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function createClaim(authSecret: string, now: number): string {
  const expiresAt = now + CLAIM_TTL_MS;
  return `${expiresAt}.${sign(expiresAt, authSecret)}`;
}

export function isValidClaim(value: string | undefined, authSecret: string, now: number): boolean {
  if (!value) return false;
  const [expiresText, signature] = value.split('.');
  const expiresAt = Number(expiresText);
  if (!Number.isSafeInteger(expiresAt) || !signature || expiresAt < now) return false;
  return secretsMatch(signature, sign(expiresAt, authSecret));
}

import { describe, expect, it } from 'vitest';
import { decideLogin, ownerIdOf } from '@/lib/auth-owner';
import { isCronAuthorized } from '@/lib/cron-auth';
import { CLAIM_TTL_MS, createClaim, isValidClaim, secretsMatch } from '@/lib/owner-claim';

const SECRET = 'a-secret-of-more-than-thirty-two-characters!';

describe('ownerIdOf', () => {
  it('prefers account_id, falls back to id, and never needs an email', () => {
    expect(ownerIdOf({ id: 'user', account_id: 'acct' })).toBe('acct');
    expect(ownerIdOf({ id: 'user' })).toBe('user');
    expect(ownerIdOf({ id: '', account_id: null })).toBeNull();
    expect(ownerIdOf(null)).toBeNull();
  });
});

describe('decideLogin', () => {
  it('admits only OWNER_SPOTIFY_ID when it is set', () => {
    const env = { OWNER_SPOTIFY_ID: 'me' };
    expect(decideLogin('me', { env, storedOwnerId: null, hasClaim: false })).toBe('allow');
    expect(decideLogin('you', { env, storedOwnerId: null, hasClaim: true })).toBe('refuse');
  });

  it('admits the stored owner again (reconnect) and refuses everyone else', () => {
    const env = { OWNER_SPOTIFY_ID: undefined };
    expect(decideLogin('me', { env, storedOwnerId: 'me', hasClaim: false })).toBe('allow');
    expect(decideLogin('you', { env, storedOwnerId: 'me', hasClaim: true })).toBe('refuse');
  });

  it('lets the first account claim a fresh deployment only with a claim', () => {
    const env = { OWNER_SPOTIFY_ID: undefined };
    expect(decideLogin('me', { env, storedOwnerId: null, hasClaim: false })).toBe('claim_required');
    expect(decideLogin('me', { env, storedOwnerId: null, hasClaim: true })).toBe('allow');
  });
});

describe('owner claim', () => {
  it('is valid for ten minutes, for this secret only, and cannot be forged', () => {
    const now = Date.UTC(2026, 10, 1);
    const claim = createClaim(SECRET, now);
    expect(isValidClaim(claim, SECRET, now + CLAIM_TTL_MS - 1)).toBe(true);
    expect(isValidClaim(claim, SECRET, now + CLAIM_TTL_MS + 1)).toBe(false);
    expect(isValidClaim(claim, `${SECRET}!`, now)).toBe(false);
    const [, signature] = claim.split('.');
    expect(isValidClaim(`${now + 10 * CLAIM_TTL_MS}.${signature}`, SECRET, now)).toBe(false);
    expect(isValidClaim(undefined, SECRET, now)).toBe(false);
    expect(isValidClaim('garbage', SECRET, now)).toBe(false);
  });

  it('compares secrets of any length', () => {
    expect(secretsMatch('abc', 'abc')).toBe(true);
    expect(secretsMatch('abc', 'abcd')).toBe(false);
    expect(secretsMatch('', 'abc')).toBe(false);
  });
});

describe('isCronAuthorized', () => {
  it('accepts exactly "Bearer $CRON_SECRET" and refuses everything without CRON_SECRET', () => {
    const secret = 'cron-secret-0123456789';
    expect(isCronAuthorized('Bearer cron-secret-0123456789', secret)).toBe(true);
    expect(isCronAuthorized('Bearer cron-secret-012345678', secret)).toBe(false);
    expect(isCronAuthorized('cron-secret-0123456789', secret)).toBe(false);
    expect(isCronAuthorized(null, secret)).toBe(false);
    expect(isCronAuthorized('Bearer ', undefined)).toBe(false);
    expect(isCronAuthorized('Bearer undefined', undefined)).toBe(false);
  });
});

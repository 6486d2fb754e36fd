import type { Env } from './env';

/** /v1/me as far as login needs it. `account_id` (since May 2026) is the id to link accounts by. */
export type SpotifyProfile = { id?: unknown; account_id?: unknown; display_name?: unknown };

export function ownerIdOf(profile: SpotifyProfile | null | undefined): string | null {
  const id = profile?.account_id ?? profile?.id;
  return typeof id === 'string' && id.length > 0 ? id : null;
}

export type LoginDecision = 'allow' | 'refuse' | 'claim_required';

/**
 * Who may log in: the configured owner; else the stored owner; else — on a fresh
 * deployment — the first account, but only with a claim proving it knows CRON_SECRET.
 */
export function decideLogin(
  spotifyUserId: string,
  context: { env: Pick<Env, 'OWNER_SPOTIFY_ID'>; storedOwnerId: string | null; hasClaim: boolean },
): LoginDecision {
  const { env, storedOwnerId, hasClaim } = context;
  if (env.OWNER_SPOTIFY_ID) return env.OWNER_SPOTIFY_ID === spotifyUserId ? 'allow' : 'refuse';
  if (storedOwnerId) return storedOwnerId === spotifyUserId ? 'allow' : 'refuse';
  return hasClaim ? 'allow' : 'claim_required';
}

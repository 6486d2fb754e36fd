import type { ZodType } from 'zod';
import type { RequestMeter } from './budget';
import type { RequestPurpose } from '@/db/ingest/spotify-requests';
import { fetchWithRetry, HttpStatusError, readJson, type RetryPolicy } from './http';
import {
  spotifyArtistSchema,
  spotifyErrorSchema,
  spotifyRecentlyPlayedSchema,
  spotifyTokenSchema,
  spotifyTrackSchema,
  type SpotifyArtist,
  type SpotifyRecentlyPlayed,
  type SpotifyToken,
  type SpotifyTrack,
} from './types';

/** The refresh token is dead (expired 6 months after authorization, or revoked). */
export class SpotifyAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpotifyAuthError';
  }
}

export class SpotifyNotFoundError extends Error {
  constructor(what: string) {
    super(`${what}: not found`);
    this.name = 'SpotifyNotFoundError';
  }
}

export type SpotifyEndpoints = { accountsUrl: string; apiUrl: string; clientId?: string; clientSecret?: string };

/** POST /api/token with grant_type=refresh_token; client authentication by HTTP Basic. */
export async function refreshAccessToken(endpoints: SpotifyEndpoints, refreshToken: string, policy: RetryPolicy): Promise<SpotifyToken> {
  const basic = Buffer.from(`${endpoints.clientId ?? ''}:${endpoints.clientSecret ?? ''}`).toString('base64');
  const response = await fetchWithRetry(
    `${endpoints.accountsUrl}/api/token`,
    {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
    },
    policy,
  );
  if (response.status === 400 || response.status === 401) {
    const body = spotifyErrorSchema.safeParse(await response.json().catch(() => null));
    const error = body.success && typeof body.data.error === 'string' ? body.data.error : `HTTP ${response.status}`;
    throw new SpotifyAuthError(`token refresh refused: ${error}`);
  }
  return readJson(response, spotifyTokenSchema, 'token refresh');
}

/** Where the client gets its access token; `renew` is called once when Spotify answers 401. */
export type TokenSource = { current: () => Promise<string>; renew: () => Promise<string> };

/**
 * The Web API. Every request, retries included, is first counted by `meter` (the daily budget,
 * lib/spotify/budget.ts), which may refuse enrichment's; polling's are counted, never refused.
 */
export class SpotifyApi {
  constructor(
    private readonly apiUrl: string,
    private readonly tokens: TokenSource,
    private readonly policy: RetryPolicy,
    private readonly meter: RequestMeter,
  ) {}

  private async get<T>(path: string, schema: ZodType<T>, what: string, purpose: RequestPurpose): Promise<T> {
    let token = await this.tokens.current();
    const policy: RetryPolicy = { ...this.policy, beforeAttempt: () => this.meter(purpose) };
    for (let attempt = 0; ; attempt++) {
      const response = await fetchWithRetry(`${this.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } }, policy);
      if (response.status === 401 && attempt === 0) {
        await response.body?.cancel();
        token = await this.tokens.renew();
        continue;
      }
      if (response.status === 404) {
        await response.body?.cancel();
        throw new SpotifyNotFoundError(what);
      }
      try {
        return await readJson(response, schema, what);
      } catch (error) {
        if (error instanceof HttpStatusError && error.status === 403) {
          throw new HttpStatusError(403, 'forbidden: is the account on the app’s Development Mode allow-list?');
        }
        throw error;
      }
    }
  }

  /** The last 50 plays: all Spotify will ever show of the recent past. */
  getRecentlyPlayed(): Promise<SpotifyRecentlyPlayed> {
    return this.get('/me/player/recently-played?limit=50', spotifyRecentlyPlayedSchema, 'recently-played', 'poll');
  }

  /** One artist at a time: Development Mode removed the batch endpoint. */
  getArtist(id: string): Promise<SpotifyArtist> {
    return this.get(`/artists/${encodeURIComponent(id)}`, spotifyArtistSchema, `artist ${id}`, 'enrich');
  }

  getTrack(id: string): Promise<SpotifyTrack> {
    return this.get(`/tracks/${encodeURIComponent(id)}`, spotifyTrackSchema, `track ${id}`, 'enrich');
  }
}

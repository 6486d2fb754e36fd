import 'server-only';
import type { Database } from '@/db';
import { setPausedUntil } from '@/db/ingest/runs';
import { recordSpotifyRequest, takeEnrichmentRequest, type RequestPurpose } from '@/db/ingest/spotify-requests';
import type { RateLimitedError } from './http';

/**
 * The daily enrichment budget is spent: enrichment stops until requests of the last 24 hours
 * fall under it again. Not a fault: polling goes on.
 */
export class BudgetSpentError extends Error {
  constructor(readonly limit: number) {
    super(`the daily Spotify enrichment budget (${limit} requests in 24 h) is spent; polling goes on`);
    this.name = 'BudgetSpentError';
  }
}

/** Called before every request to the Web API, retries included: the one place they are counted. */
export type RequestMeter = (purpose: RequestPurpose) => Promise<void>;

/**
 * Development Mode's quota is per developer account and unpublished (apps report 1 100–2 600
 * requests a day), and once spent it refuses every call, polling too, for most of a day. So
 * polling is always counted and never refused, and enrichment gets at most `enrichLimit`
 * requests in any 24 hours: with polling's 96–288 a day, well under the lowest report.
 */
export function createRequestMeter(db: Database, enrichLimit: number): RequestMeter {
  return async (purpose) => {
    const now = Date.now();
    if (purpose === 'poll') await recordSpotifyRequest(db, 'poll', now);
    else if (!(await takeEnrichmentRequest(db, { at: now, limit: enrichLimit }))) throw new BudgetSpentError(enrichLimit);
  };
}

/** A quota 429 stops every Spotify call, polling's too, until it lapses: the pause is stored so every run and process sees it. */
export async function storeSpotifyPause(db: Database, error: RateLimitedError): Promise<string> {
  const until = Date.now() + error.retryAfterMs;
  await setPausedUntil(db, until);
  return `${error.message}; Spotify paused until ${new Date(until).toISOString()}`;
}

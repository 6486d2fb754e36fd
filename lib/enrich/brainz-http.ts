import { RateLimitedError, UnavailableError, type RetryPolicy } from '@/lib/spotify/http';

/**
 * HTTP for the MetaBrainz services (MusicBrainz, ListenBrainz): one request at a time, at
 * least `intervalMs` apart (both ask for 1 request/s and a User-Agent with a contact), and
 * their own throttling signals honoured before the next request:
 * - MusicBrainz answers 503 (sometimes with Retry-After) and sends X-RateLimit-Limit,
 *   -Remaining and -Reset (epoch seconds) (musicbrainz.org/doc/MusicBrainz_API/Rate_Limiting;
 *   community.metabrainz.org "What do the X-RateLimit headers mean", 2017).
 * - ListenBrainz sends X-RateLimit-Limit, -Remaining, -Reset-In (seconds, "recommended") and
 *   -Reset on every response and answers 429 **without** Retry-After once a window is spent
 *   (listenbrainz-server docs/users/api/index.rst "Rate limiting"; brainzutils ratelimit.py
 *   `on_over_limit`, `inject_x_rate_headers`).
 * lib/spotify/http.ts's fetchWithRetry reads only Retry-After, so a ListenBrainz 429 would be
 * retried blindly; this reads both. A wait longer than `maxWaitMs` is thrown as RateLimitedError.
 */
const RETRYABLE = new Set([429, 500, 502, 503, 504]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function seconds(response: Response, header: string): number | null {
  const value = response.headers.get(header);
  const number = value === null || value.trim() === '' ? NaN : Number(value);
  return Number.isFinite(number) ? number : null;
}

/**
 * How long the service asked us to wait: Retry-After, else — once the window is spent (a 429,
 * or X-RateLimit-Remaining 0) — until the window resets. ListenBrainz puts X-RateLimit-* on
 * every answer, errors included, so a reset time alone is no reason to wait.
 */
function toldWaitMs(response: Response): number | null {
  const retryAfter = seconds(response, 'retry-after');
  if (retryAfter !== null) return Math.max(0, retryAfter * 1000);
  if (response.status !== 429 && seconds(response, 'x-ratelimit-remaining') !== 0) return null;
  const resetIn = seconds(response, 'x-ratelimit-reset-in');
  if (resetIn !== null) return Math.max(0, resetIn * 1000);
  const reset = seconds(response, 'x-ratelimit-reset');
  return reset === null ? null : Math.max(0, reset * 1000 - Date.now());
}

export class PacedHttp {
  /** Requests sent, retries included: what the services count against us. */
  requests = 0;
  private nextAt = 0;

  constructor(
    private readonly userAgent: string,
    private readonly policy: RetryPolicy,
    private readonly intervalMs: number,
    /** Network errors and unexplained 5xx tolerated per request; waits the service asks for do not count. */
    private readonly maxFailures = Infinity,
  ) {}

  get(url: string): Promise<Response> {
    return this.send(url);
  }

  /** A POST of a JSON body (ListenBrainz's bulk lookup), paced and retried like a GET. */
  post(url: string, body: unknown): Promise<Response> {
    return this.send(url, { method: 'POST', body: JSON.stringify(body), contentType: 'application/json' });
  }

  private async send(
    url: string,
    { method = 'GET', body, contentType }: { method?: string; body?: string; contentType?: string } = {},
  ): Promise<Response> {
    let backoff = Math.max(this.policy.baseBackoffMs ?? 500, this.intervalMs);
    let failures = 0;
    const fail = (reason: string) => {
      if (++failures >= this.maxFailures) throw new UnavailableError(`${reason}; gave up after ${failures} attempts`);
      this.nextAt = Math.max(this.nextAt, Date.now() + backoff);
      backoff *= 2;
    };
    for (;;) {
      await this.waitTurn();
      this.requests++;
      let response: Response;
      try {
        const remaining = this.policy.deadline - Date.now();
        response = await fetch(url, {
          method,
          body,
          headers: { 'user-agent': this.userAgent, accept: 'application/json', ...(contentType ? { 'content-type': contentType } : {}) },
          signal: AbortSignal.timeout(Math.min(remaining, this.policy.requestTimeoutMs ?? 20_000)),
        });
      } catch (error) {
        fail(`network error: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      this.nextAt = Date.now() + this.intervalMs;
      const told = toldWaitMs(response);
      if (RETRYABLE.has(response.status)) {
        await response.body?.cancel();
        if (told === null || (response.status !== 429 && response.status !== 503)) fail(`HTTP ${response.status}`);
        else if (told > (this.policy.maxWaitMs ?? 30_000)) throw new RateLimitedError(told, false);
        else this.nextAt = Math.max(this.nextAt, Date.now() + told);
        continue;
      }
      // The window is spent: the next request would be refused, so it waits for the reset.
      if (told !== null) this.nextAt = Math.max(this.nextAt, Date.now() + told);
      return response;
    }
  }

  private async waitTurn(): Promise<void> {
    const now = Date.now();
    if (now >= this.policy.deadline) throw new UnavailableError('no time left before the deadline');
    if (this.nextAt >= this.policy.deadline) throw new UnavailableError("the next request's turn comes after the run's deadline");
    if (this.nextAt > now) await sleep(this.nextAt - now);
  }
}

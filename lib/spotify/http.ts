import type { z } from 'zod';

/**
 * HTTP with the fault handling both Spotify and MusicBrainz need: short 429/503 waits are
 * honoured (Retry-After), 5xx and network errors retry with backoff, and nothing waits
 * past the caller's deadline. A long Retry-After (Spotify's quota: hours) is thrown as
 * RateLimitedError for the caller to store as "paused until".
 */
export class RateLimitedError extends Error {
  constructor(
    readonly retryAfterMs: number,
    readonly quota: boolean,
  ) {
    super(`rate limited${quota ? ' (quota exceeded)' : ''}: retry after ${Math.ceil(retryAfterMs / 1000)} s`);
    this.name = 'RateLimitedError';
  }
}

export class UnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnavailableError';
  }
}

export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}`);
    this.name = 'HttpStatusError';
  }
}

/** A response that does not have the expected shape: rejected before anything is written. */
export class MalformedResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedResponseError';
  }
}

export type RetryPolicy = {
  /** Epoch ms after which no request starts and no wait runs. */
  deadline: number;
  /** A Retry-After longer than this is not waited out but thrown (default 30 s). */
  maxWaitMs?: number;
  /** First backoff after a 5xx or network error, doubled each time (default 500 ms). */
  baseBackoffMs?: number;
  /** One request's own timeout (default 20 s). */
  requestTimeoutMs?: number;
  /** Called before every attempt, retries included; a throw stops the request before it is sent. */
  beforeAttempt?: () => Promise<void>;
};

const RETRYABLE = new Set([500, 502, 503, 504]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function retryAfterMs(response: Response): number | null {
  const header = response.headers.get('retry-after');
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

async function waitOrGiveUp(ms: number, policy: RetryPolicy, reason: string): Promise<void> {
  if (Date.now() + ms >= policy.deadline) throw new UnavailableError(`${reason}; gave up at the run's deadline`);
  await sleep(ms);
}

export async function fetchWithRetry(url: string, init: RequestInit, policy: RetryPolicy): Promise<Response> {
  const maxWait = policy.maxWaitMs ?? 30_000;
  let backoff = policy.baseBackoffMs ?? 500;
  for (;;) {
    const remaining = policy.deadline - Date.now();
    if (remaining <= 0) throw new UnavailableError('no time left before the deadline');
    await policy.beforeAttempt?.();
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(Math.min(remaining, policy.requestTimeoutMs ?? 20_000)) });
    } catch (error) {
      await waitOrGiveUp(backoff, policy, `network error: ${error instanceof Error ? error.message : String(error)}`);
      backoff *= 2;
      continue;
    }
    if (response.status === 429 || (response.status === 503 && response.headers.has('retry-after'))) {
      const body = await response.text();
      const wait = retryAfterMs(response) ?? backoff;
      const quota = body.includes('QUOTA_EXCEEDED');
      if (quota || wait > maxWait) throw new RateLimitedError(wait, quota);
      await waitOrGiveUp(wait, policy, `HTTP ${response.status}`);
      continue;
    }
    if (RETRYABLE.has(response.status)) {
      await response.body?.cancel();
      await waitOrGiveUp(backoff, policy, `HTTP ${response.status}`);
      backoff *= 2;
      continue;
    }
    return response;
  }
}

/** Reads a successful response as JSON of the given shape; anything else throws. */
export async function readJson<T>(response: Response, schema: z.ZodType<T>, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new HttpStatusError(response.status, text.slice(0, 500));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MalformedResponseError(`${what}: the response is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new MalformedResponseError(`${what}: unexpected response at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

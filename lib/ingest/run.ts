import 'server-only';
import type { Database } from '@/db';
import type { IngestRun } from '@/db/schema';
import { writePolledPlays } from '@/db/ingest/plays';
import { pollRules } from '@/lib/plays';
import { finishRun, getPausedUntil, startRun, type RunTrigger } from '@/db/ingest/runs';
import { getOwnerAccount } from '@/db/owner/spotify-accounts';
import { raiseAlert, resolveAlert } from '@/lib/alerts';
import { runEnrichment } from '@/lib/enrich/run';
import { createFreeServiceClients } from '@/lib/enrich/clients';
import { runGenreEnrichment } from '@/lib/enrich/genres';
import { getEnv, requireAuthSecret } from '@/lib/env';
import { createRequestMeter, storeSpotifyPause } from '@/lib/spotify/budget';
import { SpotifyApi, SpotifyAuthError } from '@/lib/spotify/client';
import { pruneSpotifyRequests } from '@/db/ingest/spotify-requests';
import { RateLimitedError, type RetryPolicy } from '@/lib/spotify/http';
import { mapRecentlyPlayed } from '@/lib/spotify/map';
import { checkTokenExpiry } from './expiry';
import { createTokenSource } from './tokens';

export type IngestResult = {
  status: IngestRun['status'];
  playsFetched: number;
  playsInserted: number;
  gapDetected: boolean;
  enriched: number;
  durationMs: number;
  error?: string;
};

export type IngestOptions = {
  db: Database;
  trigger: RunTrigger;
  /** The whole run, enrichment included; well under a Vercel function's 300 s. */
  budgetMs?: number;
  /** Called once, after commit, when plays or the catalogue changed. */
  onDataChanged?: () => void | Promise<void>;
  /** Test knobs: backoff and the MusicBrainz and oEmbed intervals. */
  retry?: Pick<RetryPolicy, 'baseBackoffMs' | 'maxWaitMs' | 'requestTimeoutMs'>;
  musicBrainzIntervalMs?: number;
  listenBrainzIntervalMs?: number;
  oEmbedIntervalMs?: number;
};

export const DEFAULT_BUDGET_MS = 240_000;
/** Time kept back at the end of the budget for the last writes. */
const SAFETY_MS = 5_000;

type Outcome = Omit<IngestResult, 'durationMs'>;
const EMPTY: Outcome = { status: 'ok', playsFetched: 0, playsInserted: 0, gapDetected: false, enriched: 0 };

/**
 * One ingest run: poll recently-played, write new plays exactly once, then enrich within the
 * remaining budget. Overlapping runs are refused by the run record's lock ('busy'); every run
 * is recorded.
 */
export async function runIngest(options: IngestOptions): Promise<IngestResult> {
  const { db } = options;
  const startedAt = Date.now();
  const budget = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const run = await startRun(db, { trigger: options.trigger, startedAt, lockMs: budget + 60_000 });
  let outcome: Outcome;
  if (run.busy) {
    outcome = { ...EMPTY, status: 'busy' };
  } else {
    try {
      outcome = await ingestUnderLock(options, startedAt + budget - SAFETY_MS);
    } catch (error) {
      outcome = { ...EMPTY, status: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
  }
  await recordAlerts(db, outcome);
  const durationMs = Date.now() - startedAt;
  await finishRun(db, { id: run.id, outcome: { ...outcome, error: outcome.error ?? null }, finishedAt: Date.now(), durationMs });
  return { ...outcome, durationMs };
}

async function recordAlerts(db: Database, outcome: Outcome): Promise<void> {
  if (outcome.status === 'failed') await raiseAlert(db, 'run_failed', `an ingest run failed: ${outcome.error ?? 'unknown error'}`);
  if (outcome.status === 'ok' || outcome.status === 'no_new_plays') await resolveAlert(db, 'run_failed');
}

async function ingestUnderLock(options: IngestOptions, deadline: number): Promise<Outcome> {
  const { db } = options;
  const env = getEnv();
  const policy: RetryPolicy = { deadline, ...options.retry };
  const { musicBrainz, listenBrainz, oEmbed } = createFreeServiceClients(env, policy, {
    musicBrainzMs: options.musicBrainzIntervalMs,
    listenBrainzMs: options.listenBrainzIntervalMs,
    oEmbedMs: options.oEmbedIntervalMs,
  });
  await pruneSpotifyRequests(db, Date.now());
  const account = await getOwnerAccount(db);
  const pausedUntil = await getPausedUntil(db);
  const paused = pausedUntil !== null && pausedUntil > Date.now();
  let outcome: Outcome = { ...EMPTY };
  let spotify: SpotifyApi | null = null;
  if (!account) outcome.status = 'not_connected';
  else if (account.status === 'needs_reconnect') outcome.status = 'needs_reconnect';
  else if (paused) outcome = { ...outcome, status: 'paused', error: `Spotify paused until ${new Date(pausedUntil).toISOString()}` };
  else {
    await checkTokenExpiry(db, account.authorizedAt);
    const tokens = createTokenSource(db, account, env, requireAuthSecret(env), policy);
    spotify = new SpotifyApi(env.SPOTIFY_API_URL, tokens, policy, createRequestMeter(db, env.SPOTIFY_DAILY_BUDGET));
    outcome = await pollPlays(options, spotify);
    if (outcome.status !== 'ok' && outcome.status !== 'no_new_plays') spotify = null;
  }
  // Genres cost no Spotify quota and have their own services' pacing: they get up to half of
  // what is left, so a long artwork backlog never starves them; artwork and credits get the
  // rest, and genres then take whatever time is still left, for the artists artwork just queued.
  const genres = { db, musicBrainz, listenBrainz };
  const genresFirst = await runGenreEnrichment({ ...genres, deadline: Date.now() + (deadline - Date.now()) / 2 });
  const enrichment = await runEnrichment({ db, spotify, oEmbed, deadline });
  const genresAfter = await runGenreEnrichment({ ...genres, deadline });
  if (enrichment.spotifyPause) await storeSpotifyPause(db, enrichment.spotifyPause);
  if (outcome.playsInserted > 0 || enrichment.changed || genresFirst.changed || genresAfter.changed) await options.onDataChanged?.();
  return { ...outcome, enriched: enrichment.processed + genresFirst.processed + genresAfter.processed };
}

async function pollPlays(options: IngestOptions, spotify: SpotifyApi): Promise<Outcome> {
  const { db } = options;
  try {
    const response = await spotify.getRecentlyPlayed();
    const plays = mapRecentlyPlayed(response);
    const now = Date.now();
    const written = await writePolledPlays(db, plays, { fetched: response.items.length, rules: pollRules(getEnv().SITE_TIMEZONE), now });
    if (written.gap) {
      const { id, fromMs, toMs } = written.gap;
      await raiseAlert(
        db,
        `gap:${id}`,
        `plays between ${new Date(fromMs).toISOString()} and ${new Date(toMs).toISOString()} may be lost (more than 50 plays between two polls). Importing your Spotify export fills the gap.`,
      );
    }
    const status = written.inserted > 0 ? 'ok' : 'no_new_plays';
    return { ...EMPTY, status, playsFetched: response.items.length, playsInserted: written.inserted, gapDetected: written.gap !== null };
  } catch (error) {
    if (error instanceof SpotifyAuthError) return { ...EMPTY, status: 'needs_reconnect', error: error.message };
    if (error instanceof RateLimitedError) return { ...EMPTY, status: 'paused', error: await storeSpotifyPause(db, error) };
    return { ...EMPTY, status: 'failed', error: error instanceof Error ? error.message : String(error) };
  }
}

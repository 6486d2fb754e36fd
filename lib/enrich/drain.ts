import 'server-only';
import type { Database } from '@/db';
import { selectQueueByKind, type QueueKind, type QueueKindCount } from '@/db/enrich/queue-stats';
import { getPausedUntil } from '@/db/ingest/runs';
import { getOwnerAccount } from '@/db/owner/spotify-accounts';
import { pruneSpotifyRequests, selectSpotifyRequests, type RequestCounts } from '@/db/ingest/spotify-requests';
import { requireAuthSecret, type Env } from '@/lib/env';
import { createTokenSource } from '@/lib/ingest/tokens';
import { createRequestMeter, storeSpotifyPause } from '@/lib/spotify/budget';
import { SpotifyApi, SpotifyAuthError } from '@/lib/spotify/client';
import type { RetryPolicy } from '@/lib/spotify/http';
import type { SpotifyOEmbed } from '@/lib/spotify/oembed';
import { createFreeServiceClients, type ServiceIntervals } from './clients';
import { runGenreEnrichment } from './genres';
import type { ListenBrainzClient } from './listenbrainz';
import type { MusicBrainzClient } from './musicbrainz';
import { runEnrichment } from './run';

/**
 * The whole enrichment queue worked on this machine (`npm run enrich`), in slices: genres, then
 * artwork (no Spotify quota), then track credits within the daily budget, again and again until
 * a slice moves nothing. It takes no ingest lock: cron runs may work the queue at the same time,
 * and the budget tally is taken one request at a time, atomically, so together they never spend
 * more than the budget.
 */
export type SpotifyState = 'open' | 'budget' | 'paused' | 'not_connected' | 'needs_reconnect' | 'unreachable';
export type DrainStop = 'done' | 'stalled' | Exclude<SpotifyState, 'open'>;
export type DrainPhase = 'genres' | 'artwork' | 'credits';
export type DrainRequests = { spotify: number; oEmbed: number; musicBrainz: number; listenBrainz: number };

export type DrainProgress = {
  phase: DrainPhase;
  /** Tasks done by kind; covers and credits by how much the queue shrank, so a run working it meanwhile counts too. */
  done: Record<QueueKind, number>;
  /** The queue by kind as of the last phase's end. */
  queue: QueueKindCount[];
  /** Requests this drain sent; Spotify's are the Web API's, retries included, as the budget counts them. */
  requests: DrainRequests;
  /** Spotify requests of the last 24 hours by purpose, other runs' included. */
  window: RequestCounts;
  budget: number;
  spotify: SpotifyState;
  elapsedMs: number;
};

export type DrainResult = DrainProgress & { stop: DrainStop; pausedUntil: number | null; changed: boolean };

export type DrainOptions = {
  db: Database;
  env: Env;
  onProgress?: (progress: DrainProgress) => void;
  retry?: Pick<RetryPolicy, 'baseBackoffMs' | 'maxWaitMs' | 'requestTimeoutMs'>;
  intervals?: ServiceIntervals;
};

/** Each kind's turn: short enough that the progress moves, long enough that its queries cost nothing beside the work. */
const SLICE_MS = 20_000;
/** A request sent just before a phase's deadline may finish: cut off, it would have spent budget for nothing. */
const IN_FLIGHT_MS = 10_000;
const PROGRESS_MS = 1_000;

type DrainState = Pick<DrainProgress, 'phase' | 'done' | 'queue' | 'window' | 'spotify'> & {
  spotifyRequests: number;
  changed: boolean;
  startedAt: number;
};

type Drain = {
  options: DrainOptions;
  policy: RetryPolicy;
  musicBrainz: MusicBrainzClient;
  listenBrainz: ListenBrainzClient;
  oEmbed: SpotifyOEmbed;
  state: DrainState;
};

function progressOf({ state, oEmbed, musicBrainz, listenBrainz, options }: Drain): DrainProgress {
  const { phase, queue, window, spotify } = state;
  const requests = {
    spotify: state.spotifyRequests,
    oEmbed: oEmbed.requests,
    musicBrainz: musicBrainz.requests,
    listenBrainz: listenBrainz.requests,
  };
  return {
    phase,
    done: { ...state.done },
    queue,
    window,
    spotify,
    requests,
    budget: options.env.SPOTIFY_DAILY_BUDGET,
    elapsedMs: Date.now() - state.startedAt,
  };
}

/** Starts a phase: no task starts after the deadline it returns. The clients read the policy's deadline at every request. */
function startPhase(drain: Drain, phase: DrainPhase): number {
  const deadline = Date.now() + SLICE_MS;
  drain.state.phase = phase;
  drain.policy.deadline = deadline + IN_FLIGHT_MS;
  return deadline;
}

async function endPhase(drain: Drain): Promise<void> {
  const now = Date.now();
  drain.state.queue = await selectQueueByKind(drain.options.db, now);
  drain.state.window = await selectSpotifyRequests(drain.options.db, now);
  drain.options.onProgress?.(progressOf(drain));
}

/** The Web API as an ingest run builds it, read afresh each slice: a cron run may have stored a pause meanwhile. */
async function connectSpotify(drain: Drain): Promise<SpotifyApi | SpotifyState> {
  const { db, env } = drain.options;
  const account = await getOwnerAccount(db);
  if (!account) return 'not_connected';
  if (account.status === 'needs_reconnect') return 'needs_reconnect';
  if (((await getPausedUntil(db)) ?? 0) > Date.now()) return 'paused';
  const tokens = createTokenSource(db, account, env, requireAuthSecret(env), drain.policy);
  try {
    // A dead refresh token would otherwise fail, and reschedule, every task of the slice.
    await tokens.current();
  } catch (error) {
    return error instanceof SpotifyAuthError ? 'needs_reconnect' : 'unreachable';
  }
  const meter = createRequestMeter(db, env.SPOTIFY_DAILY_BUDGET);
  return new SpotifyApi(env.SPOTIFY_API_URL, tokens, drain.policy, async (purpose) => {
    await meter(purpose);
    drain.state.spotifyRequests++;
  });
}

const totalOf = (queue: readonly QueueKindCount[], kind: QueueKind) => queue.find((row) => row.kind === kind)?.total ?? 0;

/**
 * Artwork, and with `spotify` track credits too. Only artists come into the queue meanwhile
 * (credits name new ones), so the other kinds are done by as much as the queue shrank.
 */
async function runQueuePhase(drain: Drain, spotify: SpotifyApi | null, deadline: number): Promise<number> {
  const { db } = drain.options;
  const { state } = drain;
  const before = state.queue;
  const result = await runEnrichment({ db, spotify, oEmbed: drain.oEmbed, deadline });
  await endPhase(drain);
  const [art, track] = (['track_art', 'track'] as const).map((kind) => totalOf(before, kind) - totalOf(state.queue, kind));
  state.done.track_art += art!;
  state.done.track += track!;
  state.done.artist += Math.max(0, result.processed - art! - track!);
  state.changed ||= result.changed;
  if (result.spotifyPause) {
    await storeSpotifyPause(db, result.spotifyPause);
    state.spotify = 'paused';
  } else if (result.budgetSpent) {
    state.spotify = 'budget';
  }
  return result.processed;
}

async function runSlice(drain: Drain): Promise<number> {
  const { db } = drain.options;
  const genres = await runGenreEnrichment({
    db,
    musicBrainz: drain.musicBrainz,
    listenBrainz: drain.listenBrainz,
    deadline: startPhase(drain, 'genres'),
  });
  drain.state.done.artist_genres += genres.processed;
  drain.state.changed ||= genres.changed;
  await endPhase(drain);
  const artwork = await runQueuePhase(drain, null, startPhase(drain, 'artwork'));
  // The phase starts before connecting: a token refresh must not run on the artwork's lapsed deadline.
  const deadline = startPhase(drain, 'credits');
  const spotify = await connectSpotify(drain);
  drain.state.spotify = typeof spotify === 'string' ? spotify : 'open';
  const credits = typeof spotify === 'string' ? 0 : await runQueuePhase(drain, spotify, deadline);
  return genres.processed + artwork + credits;
}

const dueOf = (queue: readonly QueueKindCount[], kinds?: readonly QueueKind[]) =>
  queue.filter((row) => !kinds || kinds.includes(row.kind)).reduce((sum, row) => sum + row.due, 0);

/** Why nothing moves any more: nothing is due, only credits are and Spotify is closed, or a service does not answer. */
function stopOf({ queue, spotify }: DrainProgress): DrainStop {
  if (dueOf(queue) === 0) return 'done';
  if (dueOf(queue, ['track_art', 'artist', 'artist_genres']) > 0 || spotify === 'open') return 'stalled';
  return spotify;
}

function openDrain(options: DrainOptions, startedAt: number): Drain {
  const { env, intervals = {} } = options;
  const policy: RetryPolicy = { deadline: startedAt, ...options.retry };
  return {
    options,
    policy,
    ...createFreeServiceClients(env, policy, intervals),
    state: {
      phase: 'genres',
      done: { track_art: 0, artist: 0, artist_genres: 0, track: 0 },
      queue: [],
      window: { poll: 0, enrich: 0 },
      spotify: 'open',
      spotifyRequests: 0,
      changed: false,
      startedAt,
    },
  };
}

/** Works the queue until a slice does nothing and frees no due task (a failed task is rescheduled: that moves it). */
export async function drainQueue(options: DrainOptions): Promise<DrainResult> {
  const { db, onProgress } = options;
  const startedAt = Date.now();
  const drain = openDrain(options, startedAt);
  await pruneSpotifyRequests(db, startedAt);
  await endPhase(drain);
  const ticker = onProgress ? setInterval(() => onProgress(progressOf(drain)), PROGRESS_MS) : null;
  try {
    for (;;) {
      const dueBefore = dueOf(drain.state.queue);
      const processed = await runSlice(drain);
      if (processed === 0 && dueOf(drain.state.queue) >= dueBefore) break;
    }
  } finally {
    if (ticker) clearInterval(ticker);
  }
  const progress = progressOf(drain);
  return { ...progress, stop: stopOf(progress), pausedUntil: await getPausedUntil(db), changed: drain.state.changed };
}

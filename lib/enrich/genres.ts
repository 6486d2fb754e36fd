import 'server-only';
import type { Database } from '@/db';
import { saveGenreOutcome, selectDueGenreTasks, type FoundGenres, type GenreTask, type RetryLater } from '@/db/enrich/genres';
import { slugify } from '@/lib/names';
import { RateLimitedError, UnavailableError } from '@/lib/spotify/http';
import { MAX_LISTENBRAINZ_ARTISTS, type ListenBrainzClient, type WeightedGenres } from './listenbrainz';
import { MAX_URL_RESOURCES, MusicBrainzNotFoundError, type MusicBrainzClient } from './musicbrainz';
import { NOT_FOUND_RETRY_MS } from './run';

/**
 * Genres in bulk, on MusicBrainz's and ListenBrainz's budgets (no Spotify quota): per batch of
 * up to 100 due 'artist_genres' tasks, most-played artist first, one MusicBrainz URL lookup
 * (Spotify link → MusicBrainz artist) and one ListenBrainz metadata call (artist → genre tags).
 * MusicBrainz is asked one by one only for artists ListenBrainz does not list. The bulk URL
 * lookup finds exactly what the single one does (same canonical URL match), so the one-by-one
 * `findArtistId` is never needed here. 15 000 artists: 150 + 150 requests (+ the few one by
 * one); the services are paced apart, so ListenBrainz's calls fit in MusicBrainz's 1 s gaps and
 * the run takes about one second per MusicBrainz request: under 3 minutes plus the rest.
 */
const HOUR = 3_600_000;
const MAX_BACKOFF_MS = 24 * HOUR;

export type GenreEnrichmentOptions = {
  db: Database;
  musicBrainz: MusicBrainzClient;
  listenBrainz: ListenBrainzClient;
  /** No batch and no one-by-one request starts after this instant. */
  deadline: number;
  batchSize?: number;
};

export type GenreEnrichmentResult = { processed: number; changed: boolean; requests: { musicbrainz: number; listenbrainz: number } };

type BatchOutcome = { found: FoundGenres[]; dropped: number[]; retry: RetryLater[]; stop: boolean };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Genre names that slugify alike are one genre: the first, best-voted, wins — as saveArtistGenres' ON CONFLICT does. */
function toFound(task: GenreTask, musicbrainzId: string, genres: WeightedGenres): FoundGenres {
  const bySlug = new Map<string, { slug: string; name: string; weight: number }>();
  for (const genre of genres) {
    const slug = slugify(genre.name);
    if (!bySlug.has(slug)) bySlug.set(slug, { slug, name: genre.name, weight: genre.weight });
  }
  return { taskId: task.taskId, artistId: task.artistId, musicbrainzId, genres: [...bySlug.values()] };
}

function retryLater(task: GenreTask, error: unknown, now = Date.now()): RetryLater {
  if (error instanceof RateLimitedError)
    return { taskId: task.taskId, nextAttemptAt: now + error.retryAfterMs, error: error.message, countAttempt: false };
  const wait = error instanceof MusicBrainzNotFoundError ? NOT_FOUND_RETRY_MS : Math.min(MAX_BACKOFF_MS, HOUR * 2 ** task.attempts);
  return { taskId: task.taskId, nextAttemptAt: now + wait, error: messageOf(error), countAttempt: true };
}

/** A failure that concerns a whole set of tasks: out of time leaves them due; throttling or other errors reschedule them. */
function failAll(outcome: BatchOutcome, tasks: readonly GenreTask[], error: unknown): BatchOutcome {
  if (!(error instanceof UnavailableError)) outcome.retry.push(...tasks.map((task) => retryLater(task, error)));
  outcome.stop ||= error instanceof UnavailableError || error instanceof RateLimitedError;
  return outcome;
}

/** ListenBrainz's genres, or none when it fails: MusicBrainz then answers each artist itself. */
async function listenBrainzGenres(listenBrainz: ListenBrainzClient, mbids: string[]): Promise<Map<string, WeightedGenres>> {
  try {
    return await listenBrainz.getArtistGenres(mbids);
  } catch {
    return new Map();
  }
}

type ArtistLookup = {
  /** MusicBrainz ids by each task's position in the list given. */
  find: (tasks: readonly GenreTask[]) => Promise<Map<number, string>>;
  missing: (task: GenreTask) => Error;
};

/**
 * The MusicBrainz ids of a set of tasks by one bulk lookup; a task it does not find waits
 * NOT_FOUND_RETRY_MS, and a failure of the lookup itself concerns every task of the set.
 */
async function artistIds(
  lookup: ArtistLookup,
  tasks: readonly GenreTask[],
  outcome: BatchOutcome,
): Promise<{ task: GenreTask; mbid: string }[]> {
  if (tasks.length === 0) return [];
  let mbids: Map<number, string>;
  try {
    mbids = await lookup.find(tasks);
  } catch (error) {
    failAll(outcome, tasks, error);
    return [];
  }
  return tasks.flatMap((task, i) => {
    const mbid = mbids.get(i);
    if (!mbid) outcome.retry.push(retryLater(task, lookup.missing(task)));
    return mbid ? [{ task, mbid }] : [];
  });
}

/** Artists known by Spotify id, through MusicBrainz's URL lookup (100 links a request). */
const bySpotifyLink = ({ musicBrainz }: GenreEnrichmentOptions): ArtistLookup => ({
  find: async (tasks) => {
    const mbids = await musicBrainz.findArtistIds(tasks.map((t) => t.spotifyId!));
    return new Map(tasks.flatMap((task, i) => (mbids.has(task.spotifyId!) ? [[i, mbids.get(task.spotifyId!)!] as const] : [])));
  },
  missing: (task) => new MusicBrainzNotFoundError(task.spotifyId!),
});

/**
 * Artists an export names without any id, through ListenBrainz's lookup of their most played
 * recording (50 a request): no Spotify request is needed for their genres either.
 */
const byRecording = ({ listenBrainz }: GenreEnrichmentOptions): ArtistLookup => ({
  find: (tasks) =>
    listenBrainz.lookupArtistIds(tasks.map((t) => ({ artistName: t.name!, recordingName: t.trackName!, releaseName: t.albumName }))),
  missing: (task) => new MusicBrainzNotFoundError('', `ListenBrainz matches no recording of ${task.name} to a MusicBrainz artist`),
});

async function enrichBatch(options: GenreEnrichmentOptions, tasks: readonly GenreTask[]): Promise<BatchOutcome> {
  const { musicBrainz, listenBrainz, deadline } = options;
  const named = tasks.filter((t) => !t.spotifyId && t.name && t.trackName);
  const outcome: BatchOutcome = {
    found: [],
    dropped: tasks.filter((t) => !t.spotifyId && !named.includes(t)).map((t) => t.taskId),
    retry: [],
    stop: false,
  };
  const linked = tasks.filter((t) => t.spotifyId);
  const known = [...(await artistIds(bySpotifyLink(options), linked, outcome)), ...(await artistIds(byRecording(options), named, outcome))];
  const genres = await listenBrainzGenres(
    listenBrainz,
    known.map((k) => k.mbid),
  );
  for (const { task, mbid } of known) {
    const fromListenBrainz = genres.get(mbid);
    if (fromListenBrainz) outcome.found.push(toFound(task, mbid, fromListenBrainz));
    // Past the deadline or throttled, the rest stay due (or rescheduled) for the next run.
    else if (outcome.stop || Date.now() >= deadline) outcome.stop = true;
    else {
      try {
        outcome.found.push(toFound(task, mbid, await musicBrainz.getGenres(mbid)));
      } catch (error) {
        failAll(outcome, [task], error);
      }
    }
  }
  return outcome;
}

/**
 * Works the 'artist_genres' queue in batches until it is empty or the deadline passes. Each
 * batch's outcome is saved in one round trip; artists MusicBrainz does not know are tried
 * again after NOT_FOUND_RETRY_MS; other failures back off per task.
 */
export async function runGenreEnrichment(options: GenreEnrichmentOptions): Promise<GenreEnrichmentResult> {
  const { db, musicBrainz, listenBrainz, deadline } = options;
  const limit = Math.max(1, Math.min(options.batchSize ?? MAX_URL_RESOURCES, MAX_URL_RESOURCES, MAX_LISTENBRAINZ_ARTISTS));
  const before = { musicbrainz: musicBrainz.requests, listenbrainz: listenBrainz.requests };
  let processed = 0;
  let changed = false;
  while (Date.now() < deadline) {
    const tasks = await selectDueGenreTasks(db, { now: Date.now(), limit });
    if (tasks.length === 0) break;
    const outcome = await enrichBatch(options, tasks);
    await saveGenreOutcome(db, outcome);
    processed += outcome.found.length + outcome.dropped.length;
    changed ||= outcome.found.length > 0;
    if (outcome.stop) break;
  }
  const requests = { musicbrainz: musicBrainz.requests - before.musicbrainz, listenbrainz: listenBrainz.requests - before.listenbrainz };
  return { processed, changed, requests };
}

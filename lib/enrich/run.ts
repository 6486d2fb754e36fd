import 'server-only';
import type { Database } from '@/db';
import type { EnrichmentTask } from '@/db/schema';
import {
  deleteTask,
  leaseTasks,
  releaseTasks,
  rescheduleTask,
  saveArtwork,
  selectNextTasks,
  type Artwork,
  type QueuedTask,
} from '@/db/enrich/queue';
import { applyResolvedTracks, mergeNameOnlyTrack } from '@/db/enrich/track-resolution';
import { BudgetSpentError } from '@/lib/spotify/budget';
import { SpotifyNotFoundError, type SpotifyApi } from '@/lib/spotify/client';
import { RateLimitedError, UnavailableError } from '@/lib/spotify/http';
import { mapTrack } from '@/lib/spotify/map';
import type { SpotifyOEmbed } from '@/lib/spotify/oembed';

const HOUR = 3_600_000;
/** Artists MusicBrainz does not know are looked up again rarely, not every run. */
export const NOT_FOUND_RETRY_MS = 30 * 24 * HOUR;
const MAX_BACKOFF_MS = 24 * HOUR;
/** Items played this recently show on the default (four-week) pages: their artwork comes first. */
const RECENT_MS = 28 * 24 * HOUR;
/** How long a run holds the tasks it took; longer than a run lasts, short enough not to matter if it dies. */
const LEASE_MS = 10 * 60_000;
/** Tasks chosen per query: ordering the whole queue per task would cost more than the task. */
const BATCH = 50;
/** Work that costs no Spotify quota: oEmbed artwork. Genres have a run of their own (./genres.ts). */
const FREE_KINDS = ['track_art', 'artist'] as const;

type TaskKind = EnrichmentTask['kind'];

/** A name-only track no known track matches yet: a later poll or import may bring one. */
class NoMatchYetError extends Error {
  constructor(trackId: number) {
    super(`track ${trackId} is known only by name and matches no track with a Spotify id yet`);
    this.name = 'NoMatchYetError';
  }
}

export type EnrichmentContext = {
  db: Database;
  /** Null while Spotify is paused or unreachable: only the work that costs no quota is done. */
  spotify: SpotifyApi | null;
  oEmbed: SpotifyOEmbed;
  /** No task starts after this instant. */
  deadline: number;
};

export type EnrichmentResult = {
  processed: number;
  changed: boolean;
  spotifyPause: RateLimitedError | null;
  /** The daily enrichment budget ran out during the run: Spotify work waits for the next. */
  budgetSpent: boolean;
};

/**
 * The track tasks of a batch: a name-only track merges into a known one; a track with a URI
 * gets its credits from the budgeted Web API, and all of them are saved in one transaction.
 */
async function handleTracks(
  context: EnrichmentContext,
  tasks: QueuedTask[],
  result: EnrichmentResult,
  spotifyOpen: () => boolean,
): Promise<void> {
  const resolved: Parameters<typeof applyResolvedTracks>[1][number][] = [];
  for (const task of tasks) {
    if (Date.now() >= context.deadline || (task.spotifyId && !spotifyOpen())) break;
    try {
      if (!task.spotifyId) {
        // The merge deletes the track's tasks, this one included.
        if ((await mergeNameOnlyTrack(context.db, task.targetId)) === null) throw new NoMatchYetError(task.targetId);
        result.processed++;
        result.changed = true;
        continue;
      }
      const mapped = mapTrack(await context.spotify!.getTrack(task.spotifyId));
      if (mapped) resolved.push({ trackId: task.targetId, taskId: task.id, track: mapped });
      else await deleteTask(context.db, task.id);
    } catch (error) {
      if (error instanceof UnavailableError && Date.now() >= context.deadline - 1000) break;
      await handleFailure(context.db, task, error, result);
    }
  }
  await applyResolvedTracks(context.db, resolved, Date.now());
  result.processed += resolved.length;
  result.changed ||= resolved.length > 0;
}

const isArtwork = (task: QueuedTask) => task.kind === 'track_art' || task.kind === 'artist';

/**
 * The artwork tasks of a batch, from oEmbed (no quota), saved together in one round trip. A
 * task whose request fails is rescheduled; the others are saved all the same. Spotify's own
 * genres are absent in Development Mode, so an artist's genres come from MusicBrainz.
 */
async function handleArtwork(context: EnrichmentContext, tasks: QueuedTask[], result: EnrichmentResult): Promise<void> {
  const found: Artwork[] = [];
  for (const task of tasks) {
    if (Date.now() >= context.deadline) break;
    try {
      const imageUrl = task.spotifyId ? await context.oEmbed.thumbnail(task.kind === 'artist' ? 'artist' : 'track', task.spotifyId) : null;
      found.push({ task, imageUrl });
    } catch (error) {
      if (error instanceof UnavailableError && Date.now() >= context.deadline - 1000) break;
      await handleFailure(context.db, task, error, result);
    }
  }
  await saveArtwork(context.db, found, Date.now());
  result.processed += found.length;
  result.changed ||= found.some((f) => f.imageUrl !== null);
}

/** A failed task is rescheduled by what went wrong; a budget or quota stop also stops Spotify work. */
async function handleFailure(db: Database, task: QueuedTask, error: unknown, result: EnrichmentResult): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof BudgetSpentError) {
    // Refused before any request was sent: the task stays as it is, for a later run.
    result.budgetSpent = true;
  } else if (error instanceof RateLimitedError) {
    await rescheduleTask(db, { id: task.id, nextAttemptAt: Date.now() + error.retryAfterMs, error: message, countAttempt: false });
    if (task.kind !== 'artist_genres') result.spotifyPause = error;
  } else if (error instanceof SpotifyNotFoundError || error instanceof NoMatchYetError) {
    await rescheduleTask(db, { id: task.id, nextAttemptAt: Date.now() + NOT_FOUND_RETRY_MS, error: message });
  } else {
    const backoff = Math.min(MAX_BACKOFF_MS, HOUR * 2 ** task.attempts);
    await rescheduleTask(db, { id: task.id, nextAttemptAt: Date.now() + backoff, error: message });
  }
}

/**
 * Works the persistent queue until the deadline: each task is done and deleted, or
 * rescheduled with backoff. A Spotify quota pause stops the Spotify work and is returned.
 */
export async function runEnrichment(context: EnrichmentContext): Promise<EnrichmentResult> {
  const result: EnrichmentResult = { processed: 0, changed: false, spotifyPause: null, budgetSpent: false };
  const spotifyOpen = () => context.spotify !== null && !result.spotifyPause && !result.budgetSpent;
  const kinds = (): TaskKind[] => (spotifyOpen() ? [...FREE_KINDS, 'track'] : [...FREE_KINDS]);
  for (;;) {
    const due = await selectNextTasks(context.db, { kinds: kinds(), now: Date.now(), recentSince: Date.now() - RECENT_MS, limit: BATCH });
    if (due.length === 0) break;
    const until = Date.now() + LEASE_MS;
    const leased = await leaseTasks(context.db, { ids: due.map((task) => task.id), now: Date.now(), until });
    const batch = due.filter((task) => leased.has(task.id));
    try {
      await handleArtwork(context, batch.filter(isArtwork), result);
      await handleTracks(
        context,
        batch.filter((task) => task.kind === 'track'),
        result,
        spotifyOpen,
      );
    } finally {
      // What the run took but did not reach (out of time, or the budget spent) is due again at once.
      await releaseTasks(context.db, { ids: [...leased], until, now: Date.now() });
    }
    if (Date.now() >= context.deadline) break;
  }
  return result;
}

import 'server-only';
import type { Database } from '@/db';
import type { EnrichmentTask } from '@/db/schema';
import {
  deleteTask,
  rescheduleTask,
  saveArtistGenres,
  saveArtistImage,
  selectArtistSpotifyId,
  selectNextTask,
  selectTrackSpotifyId,
} from '@/db/queries/enrichment';
import { applyResolvedTrack, mergeNameOnlyTrack } from '@/db/queries/track-resolution';
import { SpotifyNotFoundError, type SpotifyApi } from '@/lib/spotify/client';
import { RateLimitedError, UnavailableError } from '@/lib/spotify/http';
import { mapTrack, pickImage } from '@/lib/spotify/map';
import { MusicBrainzNotFoundError, type MusicBrainzClient } from './musicbrainz';

const HOUR = 3_600_000;
/** Artists MusicBrainz does not know are looked up again rarely, not every run. */
export const NOT_FOUND_RETRY_MS = 30 * 24 * HOUR;
const MAX_BACKOFF_MS = 24 * HOUR;

/** A name-only track no known track matches yet: a later poll or import may bring one. */
class NoMatchYetError extends Error {
  constructor(trackId: number) {
    super(`track ${trackId} is known only by name and matches no track with a Spotify id yet`);
    this.name = 'NoMatchYetError';
  }
}

export type EnrichmentContext = {
  db: Database;
  /** Null while Spotify is paused or unreachable: only MusicBrainz work is done. */
  spotify: SpotifyApi | null;
  musicBrainz: MusicBrainzClient;
  /** No task starts after this instant. */
  deadline: number;
};

export type EnrichmentResult = { processed: number; changed: boolean; spotifyPause: RateLimitedError | null };

async function handleTask(context: EnrichmentContext, task: EnrichmentTask): Promise<void> {
  const { db, spotify, musicBrainz } = context;
  const now = Date.now();
  if (task.kind === 'track') {
    const spotifyId = await selectTrackSpotifyId(db, task.targetId);
    if (!spotifyId) {
      if ((await mergeNameOnlyTrack(db, task.targetId)) === null) throw new NoMatchYetError(task.targetId);
      return;
    }
    const mapped = mapTrack(await spotify!.getTrack(spotifyId));
    if (mapped) await applyResolvedTrack(db, task.targetId, mapped, now);
    return;
  }
  const spotifyId = await selectArtistSpotifyId(db, task.targetId);
  if (!spotifyId) return;
  if (task.kind === 'artist') {
    const artist = await spotify!.getArtist(spotifyId);
    const genres = artist.genres ?? [];
    if (genres.length > 0) await saveArtistGenres(db, task.targetId, genres.map((name) => ({ name, weight: 1 / genres.length })), 'spotify', null);
    await saveArtistImage(db, task.targetId, pickImage(artist.images), genres.length === 0, now);
    return;
  }
  const mbid = await musicBrainz.findArtistId(spotifyId);
  await saveArtistGenres(db, task.targetId, await musicBrainz.getGenres(mbid), 'musicbrainz', mbid);
}

/**
 * Works the persistent queue until the deadline: each task is done and deleted, or
 * rescheduled with backoff. A Spotify quota pause stops the Spotify work and is returned.
 */
export async function runEnrichment(context: EnrichmentContext): Promise<EnrichmentResult> {
  const result: EnrichmentResult = { processed: 0, changed: false, spotifyPause: null };
  const kinds = () => (context.spotify && !result.spotifyPause ? (['track', 'artist', 'artist_genres'] as const) : (['artist_genres'] as const));
  for (let task = await selectNextTask(context.db, kinds(), Date.now()); task && Date.now() < context.deadline; ) {
    try {
      await handleTask(context, task);
      await deleteTask(context.db, task.id);
      result.processed++;
      result.changed = true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof UnavailableError && Date.now() >= context.deadline - 1000) break;
      if (error instanceof RateLimitedError) {
        await rescheduleTask(context.db, task.id, Date.now() + error.retryAfterMs, message, false);
        if (task.kind !== 'artist_genres') result.spotifyPause = error;
      } else if (error instanceof MusicBrainzNotFoundError || error instanceof SpotifyNotFoundError || error instanceof NoMatchYetError) {
        await rescheduleTask(context.db, task.id, Date.now() + NOT_FOUND_RETRY_MS, message);
      } else {
        await rescheduleTask(context.db, task.id, Date.now() + Math.min(MAX_BACKOFF_MS, HOUR * 2 ** task.attempts), message);
      }
    }
    task = await selectNextTask(context.db, kinds(), Date.now());
  }
  return result;
}

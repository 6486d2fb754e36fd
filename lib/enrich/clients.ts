import type { Env } from '@/lib/env';
import type { RetryPolicy } from '@/lib/spotify/http';
import { SpotifyOEmbed } from '@/lib/spotify/oembed';
import { ListenBrainzClient } from './listenbrainz';
import { MusicBrainzClient, musicBrainzUserAgent } from './musicbrainz';

/** Test knobs: the services' pacing (default: the real services' rules). */
export type ServiceIntervals = { musicBrainzMs?: number; listenBrainzMs?: number; oEmbedMs?: number };

/**
 * The services enrichment uses that cost no Spotify quota, as an ingest run and `npm run enrich`
 * both build them: one instance of each per run, so each service's pacing holds across phases.
 */
export function createFreeServiceClients(env: Env, policy: RetryPolicy, intervals: ServiceIntervals = {}) {
  const userAgent = musicBrainzUserAgent(env.SITE_URL);
  return {
    musicBrainz: new MusicBrainzClient(env.MUSICBRAINZ_API_URL, userAgent, policy, intervals.musicBrainzMs),
    listenBrainz: new ListenBrainzClient(env.LISTENBRAINZ_API_URL, userAgent, policy, intervals.listenBrainzMs),
    oEmbed: new SpotifyOEmbed(env.SPOTIFY_OEMBED_URL, policy, intervals.oEmbedMs),
  };
}

import { fetchWithRetry, HttpStatusError, readJson, type RetryPolicy } from '@/lib/spotify/http';
import { musicBrainzArtistSchema, musicBrainzUrlSchema } from '@/lib/spotify/types';

/** MusicBrainz asks for at most one request per second per IP and a User-Agent with a contact. */
export const MUSICBRAINZ_INTERVAL_MS = 1_000;
const MAX_GENRES = 5;

export class MusicBrainzNotFoundError extends Error {
  constructor(spotifyId: string) {
    super(`no MusicBrainz artist links to Spotify artist ${spotifyId}`);
    this.name = 'MusicBrainzNotFoundError';
  }
}

export function musicBrainzUserAgent(contact: string | undefined): string {
  return `listening-stats/0.1.0 ( ${contact ?? 'https://github.com/search?q=listening-stats'} )`;
}

/**
 * The best-voted genres: those with at least half the top genre's votes, at most five,
 * weighted by their share of the kept votes. Unvoted and down-voted genres are dropped.
 */
export function bestVotedGenres(genres: readonly { name: string; count: number }[]): { name: string; weight: number }[] {
  const voted = genres.filter((g) => g.count > 0).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  if (voted.length === 0) return [];
  const kept = voted.filter((g) => g.count * 2 >= voted[0]!.count).slice(0, MAX_GENRES);
  const total = kept.reduce((sum, g) => sum + g.count, 0);
  return kept.map((g) => ({ name: g.name, weight: Math.round((g.count / total) * 1000) / 1000 }));
}

export class MusicBrainzClient {
  private lastRequestAt = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly userAgent: string,
    private readonly policy: RetryPolicy,
    private readonly intervalMs = MUSICBRAINZ_INTERVAL_MS,
  ) {}

  private async get(path: string): Promise<Response> {
    const wait = this.lastRequestAt + this.intervalMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    this.lastRequestAt = Date.now();
    const response = await fetchWithRetry(
      `${this.baseUrl}${path}`,
      { headers: { 'user-agent': this.userAgent, accept: 'application/json' } },
      { ...this.policy, baseBackoffMs: Math.max(this.policy.baseBackoffMs ?? 0, this.intervalMs) },
    );
    this.lastRequestAt = Date.now();
    return response;
  }

  /** Spotify artist → MusicBrainz artist id, through the URL relationship. */
  async findArtistId(spotifyId: string): Promise<string> {
    const resource = `https://open.spotify.com/artist/${spotifyId}`;
    const response = await this.get(`/url?resource=${encodeURIComponent(resource)}&inc=artist-rels&fmt=json`);
    if (response.status === 404) {
      await response.body?.cancel();
      throw new MusicBrainzNotFoundError(spotifyId);
    }
    const url = await readJson(response, musicBrainzUrlSchema, 'MusicBrainz url');
    const artist = url.relations.find((r) => r.artist)?.artist;
    if (!artist) throw new MusicBrainzNotFoundError(spotifyId);
    return artist.id;
  }

  async getGenres(mbid: string): Promise<{ name: string; weight: number }[]> {
    const response = await this.get(`/artist/${encodeURIComponent(mbid)}?inc=genres+tags&fmt=json`);
    try {
      return bestVotedGenres((await readJson(response, musicBrainzArtistSchema, 'MusicBrainz artist')).genres);
    } catch (error) {
      if (error instanceof HttpStatusError && error.status === 404) throw new MusicBrainzNotFoundError(mbid);
      throw error;
    }
  }
}

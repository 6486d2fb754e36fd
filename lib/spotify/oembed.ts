import { z } from 'zod';
import { fetchWithRetry, readJson, type RetryPolicy } from './http';

/**
 * Spotify's oEmbed (developer.spotify.com/documentation/embeds/reference/oembed): the title
 * and a thumbnail of a track, album or artist page, made for third-party sites to show, with
 * no client credentials and so outside the Web API's quota. A track's thumbnail is its
 * album's cover; an artist's is the artist's picture. Only images on Spotify's CDN are taken.
 */
const oEmbedSchema = z.object({ title: z.string().optional(), thumbnail_url: z.string().optional() });

/** Hosts Spotify serves artwork from; anything else in a response is not shown. */
const ARTWORK_HOST = /^(i\.scdn\.co|[a-z0-9-]+\.spotifycdn\.com)$/;

export function isSpotifyArtworkUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && ARTWORK_HOST.test(url.hostname);
  } catch {
    return false;
  }
}

/** No published limit: a few requests a second stays polite and still covers a library in an hour. */
export const OEMBED_INTERVAL_MS = 250;

export class SpotifyOEmbed {
  /** Requests sent so far (retries not counted). */
  requests = 0;
  private lastRequestAt = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly policy: RetryPolicy,
    private readonly intervalMs = OEMBED_INTERVAL_MS,
  ) {}

  /** The thumbnail of open.spotify.com/{kind}/{id}; null when Spotify has none or no such item. */
  async thumbnail(kind: 'track' | 'album' | 'artist', spotifyId: string): Promise<string | null> {
    const wait = this.lastRequestAt + this.intervalMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const page = `https://open.spotify.com/${kind}/${encodeURIComponent(spotifyId)}`;
    this.requests++;
    const response = await fetchWithRetry(
      `${this.baseUrl}/oembed?url=${encodeURIComponent(page)}`,
      { headers: { accept: 'application/json' } },
      this.policy,
    );
    this.lastRequestAt = Date.now();
    if (response.status === 404 || response.status === 400) {
      await response.body?.cancel();
      return null;
    }
    const { thumbnail_url: thumbnail } = await readJson(response, oEmbedSchema, `oEmbed of ${kind} ${spotifyId}`);
    return thumbnail && isSpotifyArtworkUrl(thumbnail) ? thumbnail : null;
  }
}

import { z } from 'zod';
import { HttpStatusError, readJson, type RetryPolicy } from '@/lib/spotify/http';
import { musicBrainzArtistSchema, musicBrainzUrlSchema } from '@/lib/spotify/types';
import { PacedHttp } from './brainz-http';

/*
 * The URL lookup, as musicbrainz-server implements it (Controller/WS/2/URL.pm,
 * `url_lookup_by_resource`, MBS-13943, March 2025; JSON in t/.../WS/2/JSON/LookupURL.pm):
 * - one `resource=` → the url object `{ id, resource, relations[] }`, or 404
 *   `{ "error": "Not Found", "help": … }` when MusicBrainz does not know the URL;
 * - several → 200 `{ "url-count", "url-offset": 0, "urls": [{ id, resource, relations[] }] }`
 *   holding only the URLs it knows (none: `urls: []`), ordered by URL, not by request;
 * - past `MAX_RESOURCE_PARAMS = 100` the extra values are **silently dropped** (no 400), so an
 *   unguarded caller would take artists 101+ for unknown. Hence the chunking below.
 * Both forms look URLs up by the same canonical form (Data/URL.pm `get_by_url`,
 * `find_by_urls`), so the bulk lookup finds exactly what the single one finds.
 * ':' and '/' stay unescaped in the query (as in MusicBrainz's own tests): 100 resources
 * then make a ~6.5 kB request line instead of ~7.5 kB.
 */

/** MusicBrainz asks for at most one request per second per IP and a User-Agent with a contact. */
export const MUSICBRAINZ_INTERVAL_MS = 1_000;
const MAX_GENRES = 5;
/** MusicBrainz reads at most this many `resource` values per URL lookup and drops the rest. */
export const MAX_URL_RESOURCES = 100;
const SPOTIFY_ARTIST_URL = 'https://open.spotify.com/artist/';

const urlEntitySchema = musicBrainzUrlSchema.extend({ resource: z.string() });
const urlLookupSchema = z.union([z.object({ urls: z.array(urlEntitySchema) }), urlEntitySchema]);

export class MusicBrainzNotFoundError extends Error {
  constructor(spotifyId: string, message = `no MusicBrainz artist links to Spotify artist ${spotifyId}`) {
    super(message);
    this.name = 'MusicBrainzNotFoundError';
  }
}

/** The User-Agent of every MetaBrainz request (MusicBrainz and ListenBrainz both want a contact). */
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
  private readonly http: PacedHttp;

  constructor(
    private readonly baseUrl: string,
    userAgent: string,
    policy: RetryPolicy,
    intervalMs = MUSICBRAINZ_INTERVAL_MS,
  ) {
    this.http = new PacedHttp(userAgent, policy, intervalMs);
  }

  /** Requests sent so far (retries included). */
  get requests(): number {
    return this.http.requests;
  }

  private get(path: string): Promise<Response> {
    return this.http.get(`${this.baseUrl}${path}`);
  }

  /**
   * Spotify artists → MusicBrainz artist ids, at most MAX_URL_RESOURCES per request. Artists
   * MusicBrainz has no Spotify link for are absent from the map.
   */
  async findArtistIds(spotifyIds: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const unique = [...new Set(spotifyIds)];
    for (let start = 0; start < unique.length; start += MAX_URL_RESOURCES) {
      const byResource = new Map(
        unique.slice(start, start + MAX_URL_RESOURCES).map((id) => [`${SPOTIFY_ARTIST_URL}${encodeURIComponent(id)}`, id]),
      );
      const query = [...byResource.keys()].map((resource) => `resource=${resource}`).join('&');
      const response = await this.get(`/url?${query}&inc=artist-rels&fmt=json`);
      if (response.status === 404 && byResource.size === 1) {
        await response.body?.cancel();
        continue;
      }
      const body = await readJson(response, urlLookupSchema, 'MusicBrainz url lookup');
      for (const url of 'urls' in body ? body.urls : [body]) {
        const spotifyId = byResource.get(url.resource);
        const artist = url.relations.find((r) => r.artist)?.artist;
        if (spotifyId && artist) found.set(spotifyId, artist.id);
      }
    }
    return found;
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

import { json, startServer, type Reply, type RunningServer } from './http';

/**
 * A fake MusicBrainz on 127.0.0.1: /url (Spotify link → artist) and /artist/{mbid} (genres
 * with votes). It enforces the real rule — one request per second — by answering 503, and
 * records User-Agents, so tests can see the client behaves.
 *
 * /url answers as musicbrainz-server's Controller/WS/2/URL.pm does (MBS-13943, 2025): one
 * `resource` → the url object, or 404 `{ error: 'Not Found', help }`; several → 200
 * `{ 'url-count', 'url-offset': 0, urls: [...] }` with only the known URLs, ordered by URL;
 * past 100 `resource` values the rest are silently dropped (MAX_RESOURCE_PARAMS) — no 400 —
 * and counted in `oversized`, so a test can prove the client never relies on that.
 */
export type FakeMusicBrainzArtist = { mbid: string; spotifyId: string; genres: { name: string; count: number }[] };
export type FakeMusicBrainzRequestKind = 'url-batch' | 'url-single' | 'artist' | 'other';

const MAX_RESOURCE_PARAMS = 100;
const SPOTIFY_ARTIST_URL = 'https://open.spotify.com/artist/';
const HELP = 'For usage, please see: https://musicbrainz.org/development/mmd';

export class FakeMusicBrainz {
  artists = new Map<string, FakeMusicBrainzArtist>();
  requests: { path: string; at: number; userAgent: string | undefined; kind: FakeMusicBrainzRequestKind; resources: number }[] = [];
  throttled = 0;
  /** URL lookups that named more than 100 resources. */
  oversized = 0;
  /** Answer the next n requests with 503 regardless of pace, asking for `retryAfterSeconds`. */
  forced503 = 0;
  retryAfterSeconds = 1;
  minIntervalMs = 1_000;
  /** Every answer arrives this much later: a slow MusicBrainz. */
  delayMs = 0;
  private lastAt = 0;
  private server: RunningServer | null = null;

  add(artist: FakeMusicBrainzArtist): void {
    this.artists.set(artist.mbid, artist);
  }

  /** Forget the last request's time, so a test's first request is never "too soon" after another test's. */
  resetPace(): void {
    this.lastAt = 0;
  }

  count(kind: FakeMusicBrainzRequestKind): number {
    return this.requests.filter((r) => r.kind === kind).length;
  }

  get url(): string {
    if (!this.server) throw new Error('fake MusicBrainz not started');
    return this.server.url;
  }

  private bySpotifyId(): Map<string, FakeMusicBrainzArtist> {
    return new Map([...this.artists.values()].map((a) => [a.spotifyId, a]));
  }

  private urlEntity(resource: string, artist: FakeMusicBrainzArtist) {
    return {
      id: `url-${artist.mbid}`,
      resource,
      relations: [
        { type: 'free streaming', 'target-type': 'artist', direction: 'backward', artist: { id: artist.mbid, name: artist.spotifyId } },
      ],
    };
  }

  private lookUpUrls(url: URL): Reply {
    const bySpotifyId = this.bySpotifyId();
    const resources = url.searchParams.getAll('resource');
    const known = (resource: string) =>
      resource.startsWith(SPOTIFY_ARTIST_URL) ? bySpotifyId.get(resource.slice(SPOTIFY_ARTIST_URL.length)) : undefined;
    if (resources.length === 1) {
      const artist = known(resources[0]!);
      if (!artist || url.searchParams.get('inc') !== 'artist-rels') return json(404, { error: 'Not Found', help: HELP });
      return json(200, this.urlEntity(resources[0]!, artist));
    }
    if (resources.length > MAX_RESOURCE_PARAMS) this.oversized++;
    const urls = [...new Set(resources.slice(0, MAX_RESOURCE_PARAMS))].sort().flatMap((resource) => {
      const artist = known(resource);
      return artist ? [this.urlEntity(resource, artist)] : [];
    });
    return json(200, { 'url-count': urls.length, 'url-offset': 0, urls });
  }

  async start(port = 0): Promise<this> {
    this.server = await startServer(
      (request, url) => ({ ...this.answer(request.headers['user-agent'], url), delayMs: this.delayMs }),
      port,
    );
    return this;
  }

  private answer(userAgent: string | undefined, url: URL): Reply {
    const now = Date.now();
    const resources = url.searchParams.getAll('resource').length;
    const kind =
      url.pathname === '/url' ? (resources > 1 ? 'url-batch' : 'url-single') : url.pathname.startsWith('/artist/') ? 'artist' : 'other';
    this.requests.push({ path: url.pathname + url.search, at: now, userAgent, kind, resources });
    const tooSoon = now - this.lastAt < this.minIntervalMs - 50;
    this.lastAt = now;
    if (this.forced503 > 0 || tooSoon) {
      if (this.forced503 > 0) this.forced503--;
      else this.throttled++;
      return json(
        503,
        { error: 'Your requests are exceeding the allowable rate limit.' },
        { 'retry-after': String(this.retryAfterSeconds) },
      );
    }
    if (url.pathname === '/url') return this.lookUpUrls(url);
    const match = /^\/artist\/([^/]+)$/.exec(url.pathname);
    const artist = match ? this.artists.get(decodeURIComponent(match[1]!)) : undefined;
    if (!artist) return json(404, { error: 'Not Found', help: HELP });
    return json(200, {
      id: artist.mbid,
      name: artist.spotifyId,
      genres: artist.genres.map((g) => ({ ...g, id: g.name })),
      tags: [{ name: 'seen live', count: 9 }],
    });
  }

  async close(): Promise<void> {
    await this.server?.close();
  }
}

import { json, startServer, type RunningServer } from './http';

/**
 * A fake MusicBrainz on 127.0.0.1: /url (Spotify link → artist) and /artist/{mbid} (genres
 * with votes). It enforces the real rule — one request per second — by answering 503, and
 * records User-Agents, so tests can see the client behaves.
 */
export type FakeMusicBrainzArtist = { mbid: string; spotifyId: string; genres: { name: string; count: number }[] };

export class FakeMusicBrainz {
  artists = new Map<string, FakeMusicBrainzArtist>();
  requests: { path: string; at: number; userAgent: string | undefined }[] = [];
  throttled = 0;
  /** Answer the next n requests with 503 regardless of pace. */
  forced503 = 0;
  minIntervalMs = 1_000;
  private lastAt = 0;
  private server: RunningServer | null = null;

  add(artist: FakeMusicBrainzArtist): void {
    this.artists.set(artist.mbid, artist);
  }

  get url(): string {
    if (!this.server) throw new Error('fake MusicBrainz not started');
    return this.server.url;
  }

  async start(port = 0): Promise<this> {
    this.server = await startServer((request, url) => {
      const now = Date.now();
      this.requests.push({ path: url.pathname + url.search, at: now, userAgent: request.headers['user-agent'] });
      const tooSoon = now - this.lastAt < this.minIntervalMs - 50;
      this.lastAt = now;
      if (this.forced503 > 0 || tooSoon) {
        if (this.forced503 > 0) this.forced503--;
        else this.throttled++;
        return json(503, { error: 'Your requests are exceeding the allowable rate limit.' }, { 'retry-after': '1' });
      }
      if (url.pathname === '/url') {
        const resource = url.searchParams.get('resource') ?? '';
        const spotifyId = resource.replace('https://open.spotify.com/artist/', '');
        const artist = [...this.artists.values()].find((a) => a.spotifyId === spotifyId);
        if (!artist || url.searchParams.get('inc') !== 'artist-rels') return json(404, { error: 'Not Found' });
        return json(200, {
          id: `url-${artist.mbid}`,
          resource,
          relations: [{ type: 'free streaming', 'target-type': 'artist', artist: { id: artist.mbid, name: artist.spotifyId } }],
        });
      }
      const match = /^\/artist\/([^/]+)$/.exec(url.pathname);
      const artist = match ? this.artists.get(decodeURIComponent(match[1]!)) : undefined;
      if (!artist) return json(404, { error: 'Not Found' });
      return json(200, { id: artist.mbid, name: artist.spotifyId, genres: artist.genres.map((g) => ({ ...g, id: g.name })), tags: [{ name: 'seen live', count: 9 }] });
    }, port);
    return this;
  }

  async close(): Promise<void> {
    await this.server?.close();
  }
}

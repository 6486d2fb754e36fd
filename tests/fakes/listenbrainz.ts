import { createHash } from 'node:crypto';
import { json, startServer, type Reply, type RunningServer } from './http';
import type { FakeMusicBrainzArtist } from './musicbrainz';

/**
 * A fake ListenBrainz on 127.0.0.1 serving `GET /1/metadata/artist/?artist_mbids=a,b&inc=tag` as
 * listenbrainz-server's metadata_api.py `metadata_artist` does: a JSON list of the artists it
 * knows (unknown mbids missing), ordered by mbid, `tag` only with `inc=tag`; 400
 * `{ code, error }` when an mbid is not a UUID; 500 past MAX_ITEMS_PER_GET (1 000).
 * Rate limits as brainzutils' ratelimit.py: fixed windows aligned to the epoch, X-RateLimit-Limit,
 * -Remaining, -Reset and -Reset-In on every response, and a plain-text 429 **without**
 * Retry-After once a window is spent. The default, 1 request per 1 s window, is the project's
 * rule; tests raise `limit` to run fast. Requests and User-Agents are recorded.
 */
export type FakeListenBrainzTag = { tag: string; count: number; genre_mbid?: string };
export type FakeListenBrainzArtist = { mbid: string; name: string; tags: FakeListenBrainzTag[] };
export type FakeListenBrainzRecording = {
  artistName: string;
  recordingName: string;
  recordingMbid: string;
  releaseMbid: string;
  releaseName: string;
  artistMbids: string[];
  artistCreditName: string;
};

const MAX_LOOKUPS_PER_POST = 50;
const recordingKey = (artist: string, recording: string) => `${artist.toLowerCase()}\u001f${recording.toLowerCase()}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ITEMS_PER_GET = 1_000;
const OVER_LIMIT =
  'You have exceeded your rate limit. See the X-RateLimit-* response headers for more information on your current rate limit.\n';

/** A stable UUID for a name, so fake genres and artists have real-looking MBIDs. */
export function fakeMbid(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * What ListenBrainz's cache (mb_artist_metadata_cache.py) makes of a MusicBrainz artist: its
 * tags with count > 0, `genre_mbid` on those that are genres, plus a plain tag like MusicBrainz's
 * fake "seen live" (more votes than any genre, so a client counting plain tags shows).
 */
export function mirrorMusicBrainz(artist: FakeMusicBrainzArtist): FakeListenBrainzArtist {
  const genres = artist.genres
    .filter((g) => g.count > 0)
    .map((g) => ({ tag: g.name, count: g.count, genre_mbid: fakeMbid(`genre:${g.name}`) }));
  return { mbid: artist.mbid, name: artist.spotifyId, tags: [...genres, { tag: 'seen live', count: 9 }] };
}

export class FakeListenBrainz {
  artists = new Map<string, FakeListenBrainzArtist>();
  requests: { path: string; at: number; userAgent: string | undefined; mbids: number; status: number }[] = [];
  /** Requests per window, and the window. */
  limit = 1;
  windowMs = 1_000;
  throttled = 0;
  /** Answer the next n requests with 429 (window spent) / 503 with Retry-After / 500, whatever the pace. */
  forced429 = 0;
  forced503 = 0;
  forced500 = 0;
  /** What the bulk lookup (POST /1/metadata/lookup/) matches: by artist and recording name. */
  recordings = new Map<string, FakeListenBrainzRecording>();
  private window = { start: 0, used: 0 };
  private server: RunningServer | null = null;

  add(artist: FakeListenBrainzArtist): void {
    this.artists.set(artist.mbid, artist);
  }

  addRecording(recording: FakeListenBrainzRecording): void {
    this.recordings.set(recordingKey(recording.artistName, recording.recordingName), recording);
  }

  /** POST /1/metadata/lookup/ as get_mbid_mapping_post answers it: results in the request's order, matched ones with their MBIDs. */
  private lookup(body: string): Reply {
    let recordings: { artist_name?: string; recording_name?: string; release_name?: string }[];
    try {
      recordings = (JSON.parse(body) as { recordings?: typeof recordings }).recordings ?? [];
    } catch {
      return json(400, { code: 400, error: 'Cannot parse JSON document' });
    }
    if (recordings.length === 0) return json(400, { code: 400, error: 'recordings is invalid or not present in body' });
    if (recordings.length > MAX_LOOKUPS_PER_POST) {
      return json(400, { code: 400, error: `Number of recordings in request body exceeds maximum permitted. (${MAX_LOOKUPS_PER_POST})` });
    }
    const results = [];
    for (const [index, asked] of recordings.entries()) {
      if (!asked.artist_name) return json(400, { code: 400, error: `Recording ${index} artist_name is invalid or not present` });
      if (!asked.recording_name) return json(400, { code: 400, error: `Recording ${index} recording_name is invalid or not present` });
      const match = this.recordings.get(recordingKey(asked.artist_name, asked.recording_name));
      results.push({
        artist_name_arg: asked.artist_name,
        recording_name_arg: asked.recording_name,
        release_name_arg: asked.release_name ?? null,
        index,
        ...(match
          ? {
              recording_mbid: match.recordingMbid,
              release_mbid: match.releaseMbid,
              artist_mbids: match.artistMbids,
              artist_credit_name: match.artistCreditName,
              recording_name: match.recordingName,
              release_name: match.releaseName,
            }
          : {}),
      });
    }
    return json(200, results);
  }

  /** Start a fresh window, so requests of an earlier test do not count against this one. */
  resetPace(): void {
    this.window = { start: 0, used: 0 };
  }

  get url(): string {
    if (!this.server) throw new Error('fake ListenBrainz not started');
    return this.server.url;
  }

  private rateHeaders(now: number, remaining: number): Record<string, string> {
    const reset = this.window.start + this.windowMs;
    return {
      'x-ratelimit-limit': String(this.limit),
      'x-ratelimit-remaining': String(Math.max(0, remaining)),
      'x-ratelimit-reset': String(Math.ceil(reset / 1000)),
      'x-ratelimit-reset-in': String(Math.max(1, Math.ceil((reset - now) / 1000))),
    };
  }

  private answer(url: URL): Reply {
    if (url.pathname !== '/1/metadata/artist/') return json(404, { code: 404, error: 'Not found' });
    const list = url.searchParams.get('artist_mbids');
    if (list === null)
      return json(400, { code: 400, error: 'artist_mbids argument must be present and contain a comma separated list of artist_mbids' });
    const mbids = list.split(',').map((m) => m.trim());
    const bad = mbids.find((m) => !UUID.test(m));
    if (bad !== undefined) return json(400, { code: 400, error: `artist mbid ${bad} is not valid.` });
    if (mbids.length > MAX_ITEMS_PER_GET) return json(500, { code: 500, error: 'An unknown error occured.' });
    const withTags = (url.searchParams.get('inc') ?? '').split(' ').includes('tag');
    const found = [...new Set(mbids)].sort().flatMap((mbid) => {
      const artist = this.artists.get(mbid);
      if (!artist) return [];
      const tag = { artist: artist.tags.map((t) => ({ artist_mbid: mbid, ...t })) };
      return [{ artist_mbid: mbid, mbid, name: artist.name, type: 'Group', rels: {}, ...(withTags ? { tag } : {}) }];
    });
    return json(200, found);
  }

  async start(port = 0): Promise<this> {
    this.server = await startServer((request, url, body) => {
      const now = Date.now();
      const start = Math.floor(now / this.windowMs) * this.windowMs;
      if (start !== this.window.start) this.window = { start, used: 0 };
      this.window.used++;
      const headers = this.rateHeaders(now, this.limit - this.window.used);
      let reply: Reply;
      if (this.forced429 > 0 || this.window.used > this.limit) {
        if (this.forced429 > 0) this.forced429--;
        else this.throttled++;
        reply = {
          status: 429,
          headers: { 'content-type': 'text/html; charset=utf-8', ...headers, 'x-ratelimit-remaining': '0' },
          body: OVER_LIMIT,
        };
      } else if (this.forced503 > 0) {
        this.forced503--;
        reply = json(503, { code: 503, error: 'Service Unavailable' }, { ...headers, 'retry-after': '1' });
      } else if (this.forced500 > 0) {
        this.forced500--;
        reply = json(500, { code: 500, error: 'An unknown error occured.' }, headers);
      } else {
        const answer = request.method === 'POST' && url.pathname === '/1/metadata/lookup/' ? this.lookup(body) : this.answer(url);
        reply = { ...answer, headers: { ...answer.headers, ...headers } };
      }
      const mbids = (url.searchParams.get('artist_mbids') ?? '').split(',').filter(Boolean).length;
      this.requests.push({
        path: url.pathname + url.search,
        at: now,
        userAgent: request.headers['user-agent'],
        mbids,
        status: reply.status,
      });
      return reply;
    }, port);
    return this;
  }

  async close(): Promise<void> {
    await this.server?.close();
  }
}

import { z } from 'zod';
import { readJson, type RetryPolicy } from '@/lib/spotify/http';
import { PacedHttp } from './brainz-http';
import { bestVotedGenres } from './musicbrainz';

/*
 * ListenBrainz's artist metadata, as listenbrainz-server implements it
 * (listenbrainz/webserver/views/metadata_api.py `metadata_artist`, db/metadata.py
 * `get_metadata_for_artist`, mbid_mapping/mapping/mb_artist_metadata_cache.py; example in
 * listenbrainz/testdata/mb_artist_metadata_example.json):
 * - `GET /1/metadata/artist/?artist_mbids=a,b,…&inc=tag` → 200, a JSON list with one object per
 *   artist it knows, ordered by mbid: `{ artist_mbid, name, type, area, rels, …, tag: { artist:
 *   [{ tag, count, artist_mbid, genre_mbid? }] } }`. `tag` is present only with `inc=tag`.
 * - Unknown mbids are simply missing; one mbid that is not a UUID fails the whole call with 400;
 *   more than MAX_ITEMS_PER_GET = 1 000 mbids raises a server error.
 * - The tags are MusicBrainz's own artist tags with count > 0, and `genre_mbid` is set when the
 *   tag's name is a MusicBrainz genre — the same join (`tag.name = genre.name`) MusicBrainz uses
 *   for `inc=genres` (musicbrainz-server Data/EntityTag.pm). So the genre tags give the genres the
 *   one-by-one MusicBrainz route gives, and an artist listed without any is one MusicBrainz has
 *   no genres for either; only an artist missing from the answer is worth asking MusicBrainz.
 * - Rate limits: X-RateLimit-* on every response, 429 without Retry-After past the window
 *   (see brainz-http.ts). 100 mbids per call keeps the URL near 3.7 kB.
 */
export const LISTENBRAINZ_INTERVAL_MS = 1_000;
export const MAX_LISTENBRAINZ_ARTISTS = 100;
/** ListenBrainz only saves requests: when it fails, MusicBrainz answers instead of the run waiting. */
const MAX_FAILURES = 3;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const listenBrainzTagSchema = z.object({ tag: z.string().min(1), count: z.number().int(), genre_mbid: z.string().nullish() });
const listenBrainzArtistsSchema = z.array(
  z.object({
    artist_mbid: z.string().min(1),
    tag: z.object({ artist: z.array(listenBrainzTagSchema).nullish() }).nullish(),
  }),
);

export type WeightedGenres = { name: string; weight: number }[];

export class ListenBrainzClient {
  private readonly http: PacedHttp;

  constructor(
    private readonly baseUrl: string,
    userAgent: string,
    policy: RetryPolicy,
    intervalMs = LISTENBRAINZ_INTERVAL_MS,
  ) {
    this.http = new PacedHttp(userAgent, policy, intervalMs, MAX_FAILURES);
  }

  /** Requests sent so far (retries included). */
  get requests(): number {
    return this.http.requests;
  }

  /**
   * Genres of MusicBrainz artists, MAX_LISTENBRAINZ_ARTISTS per request, from the tags that
   * carry a `genre_mbid`, kept by the same rule as MusicBrainz's (bestVotedGenres). Every artist
   * ListenBrainz knows has an entry (an empty list when it has no genres); the others have none.
   */
  async getArtistGenres(mbids: readonly string[]): Promise<Map<string, WeightedGenres>> {
    const genres = new Map<string, WeightedGenres>();
    // Anything but a UUID would make ListenBrainz refuse the whole batch.
    const asked = new Map(mbids.filter((mbid) => UUID.test(mbid)).map((mbid) => [mbid.toLowerCase(), mbid]));
    const valid = [...asked.keys()];
    for (let start = 0; start < valid.length; start += MAX_LISTENBRAINZ_ARTISTS) {
      const batch = valid.slice(start, start + MAX_LISTENBRAINZ_ARTISTS);
      const response = await this.http.get(`${this.baseUrl}/1/metadata/artist/?artist_mbids=${batch.join(',')}&inc=tag`);
      const artists = await readJson(response, listenBrainzArtistsSchema, 'ListenBrainz artist metadata');
      for (const artist of artists) {
        const tags = (artist.tag?.artist ?? []).filter((tag) => tag.genre_mbid);
        const mbid = asked.get(artist.artist_mbid.toLowerCase());
        if (mbid) genres.set(mbid, bestVotedGenres(tags.map((tag) => ({ name: tag.tag, count: tag.count }))));
      }
    }
    return genres;
  }
}

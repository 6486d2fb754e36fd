import { z } from 'zod';
import { readJson, type RetryPolicy } from '@/lib/spotify/http';
import { PacedHttp } from './brainz-http';
import { nameKey } from '@/lib/names';
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

/*
 * The bulk MBID lookup (metadata_api.py `get_mbid_mapping_post`): `POST /1/metadata/lookup/`
 * with `{ "recordings": [{ artist_name, recording_name, release_name? }] }`, at most
 * MAX_LOOKUPS_PER_POST = 50 and each under MAX_MAPPING_QUERY_LENGTH = 250 characters together,
 * answers a list in the same order: `{ index, artist_name_arg, recording_name_arg, … }` plus,
 * when matched, `recording_mbid, release_mbid, artist_mbids, artist_credit_name, recording_name,
 * release_name`. It is how an artist an export names without any id finds its MusicBrainz id.
 */
export const MAX_LISTENBRAINZ_LOOKUPS = 50;
const MAX_LOOKUP_CHARS = 250;

const lookupResultsSchema = z.array(
  z.object({ index: z.number().int(), artist_mbids: z.array(z.string()).nullish(), artist_credit_name: z.string().nullish() }),
);

export type RecordingLookup = { artistName: string; recordingName: string; releaseName: string | null };

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
   * The MusicBrainz id of each lookup's artist, found through one of its recordings: the first
   * credited artist, kept only when the credit begins with the artist's own name (the lookup
   * is fuzzy: a cover or a namesake must not lend its genres). Index → mbid; unmatched absent.
   */
  async lookupArtistIds(lookups: readonly RecordingLookup[]): Promise<Map<number, string>> {
    const found = new Map<number, string>();
    const askable = lookups.flatMap((lookup, index) => {
      const release =
        lookup.releaseName && lookup.artistName.length + lookup.recordingName.length + lookup.releaseName.length <= MAX_LOOKUP_CHARS
          ? lookup.releaseName
          : null;
      if (lookup.artistName.length + lookup.recordingName.length > MAX_LOOKUP_CHARS) return [];
      return [
        {
          index,
          body: { artist_name: lookup.artistName, recording_name: lookup.recordingName, ...(release ? { release_name: release } : {}) },
        },
      ];
    });
    for (let start = 0; start < askable.length; start += MAX_LISTENBRAINZ_LOOKUPS) {
      const batch = askable.slice(start, start + MAX_LISTENBRAINZ_LOOKUPS);
      const response = await this.http.post(`${this.baseUrl}/1/metadata/lookup/`, { recordings: batch.map((item) => item.body) });
      for (const result of await readJson(response, lookupResultsSchema, 'ListenBrainz lookup')) {
        const asked = batch[result.index];
        const mbid = result.artist_mbids?.[0];
        if (!asked || !mbid || !UUID.test(mbid)) continue;
        const credit = nameKey(result.artist_credit_name ?? '');
        if (credit.startsWith(nameKey(lookups[asked.index]!.artistName))) found.set(asked.index, mbid);
      }
    }
    return found;
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

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@/db';
import { readRows } from '@/db/sql';
import { bestVotedGenres } from '@/lib/enrich/musicbrainz';
import { NOT_FOUND_RETRY_MS } from '@/lib/enrich/run';
import { runIngest, type IngestOptions } from '@/lib/ingest/run';
import { openConnectedDatabase, startFakes } from '@/tests/fakes/harness';
import type { FakeMusicBrainz } from '@/tests/fakes/musicbrainz';
import type { FakeSpotify } from '@/tests/fakes/spotify';
import { buildCatalog } from '@/tests/fakes/spotify-catalog';
import { backToBack } from '@/tests/fakes/timeline';

let fakes: Awaited<ReturnType<typeof startFakes>>;
let spotify: FakeSpotify;
let musicBrainz: FakeMusicBrainz;
let test: { db: Database; close: () => void };
const END = Date.UTC(2026, 10, 20, 20, 0);
const ARTIST = (n: number) => `artist${String(n).padStart(18, '0')}`;

const ingest = (options: Partial<IngestOptions> = {}) =>
  runIngest({ db: test.db, trigger: 'cron', retry: { baseBackoffMs: 20 }, budgetMs: 30_000, oEmbedIntervalMs: 10, ...options });
type ArtistRow = { spotifyId: string; musicbrainzId: string | null; genres: string | null };
const artistGenres = () =>
  readRows<ArtistRow>(
    test.db,
    `SELECT a.spotify_id AS spotifyId, a.musicbrainz_id AS musicbrainzId,
      (SELECT group_concat(g.name || ':' || ag.weight || ':' || ag.source, ',') FROM artist_genres ag JOIN genres g ON g.id = ag.genre_id
        WHERE ag.artist_id = a.id ORDER BY ag.weight DESC) AS genres FROM artists a ORDER BY a.spotify_id`,
  );

beforeAll(async () => {
  fakes = await startFakes({ SITE_URL: 'https://stats.example.org' });
  ({ spotify, musicBrainz } = fakes);
  spotify.catalog = buildCatalog(3, 2);
  musicBrainz.add({
    mbid: 'mb-0',
    spotifyId: ARTIST(0),
    genres: [
      { name: 'dream pop', count: 6 },
      { name: 'indie pop', count: 4 },
      { name: 'rock', count: 1 },
      { name: 'bad', count: -2 },
    ],
  });
});
afterAll(() => fakes.close());
beforeEach(async () => {
  spotify.plays = backToBack(spotify.catalog, 6, END);
  spotify.now = END + 1_000;
  musicBrainz.requests = [];
  musicBrainz.throttled = 0;
  test = await openConnectedDatabase(spotify);
});
afterEach(() => test.close());

describe('bestVotedGenres', () => {
  it('keeps genres with at least half the top votes, weighted by their share', () => {
    expect(
      bestVotedGenres([
        { name: 'a', count: 1 },
        { name: 'b', count: 10 },
        { name: 'c', count: 5 },
        { name: 'd', count: 0 },
      ]),
    ).toEqual([
      { name: 'b', weight: 0.667 },
      { name: 'c', weight: 0.333 },
    ]);
    expect(bestVotedGenres([{ name: 'x', count: 0 }])).toEqual([]);
  });
});

describe('enrichment queue', () => {
  it('takes artist images from oEmbed, with no Web API call, and genres from MusicBrainz in bulk at 1 request/s', async () => {
    const result = await ingest();
    expect(result).toMatchObject({ status: 'ok', playsInserted: 6 });
    // Three images, one MusicBrainz hit; the artists MusicBrainz lacks stay queued.
    expect(result.enriched).toBe(3 + 1);
    expect(spotify.count('artists')).toBe(0);
    expect(spotify.count('oembed')).toBe(3);
    const images = await readRows<{ imageUrl: string }>(test.db, 'SELECT image_url AS imageUrl FROM artists ORDER BY spotify_id');
    expect(images.map((a) => a.imageUrl)).toEqual([0, 1, 2].map((a) => `https://i.scdn.co/image/artist-${a}`));
    expect(await artistGenres()).toEqual([
      { spotifyId: ARTIST(0), musicbrainzId: 'mb-0', genres: 'dream pop:0.6:musicbrainz,indie pop:0.4:musicbrainz' },
      { spotifyId: ARTIST(1), musicbrainzId: null, genres: null },
      { spotifyId: ARTIST(2), musicbrainzId: null, genres: null },
    ]);
    // One URL lookup for the three artists together; the genres of the one found, one by one
    // (the fake ListenBrainz knows nobody).
    expect(musicBrainz.requests.map((r) => r.path.split('?')[0])).toEqual(['/url', '/artist/mb-0']);
    expect(new URLSearchParams(musicBrainz.requests[0]!.path.split('?')[1]).getAll('resource')).toHaveLength(3);
    expect(musicBrainz.throttled).toBe(0);
    const gaps = musicBrainz.requests.slice(1).map((r, i) => r.at - musicBrainz.requests[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(950);
    expect(musicBrainz.requests[0]!.userAgent).toBe('listening-stats/0.1.0 ( https://stats.example.org )');
    const genreStats = await readRows<{ name: string; plays: number }>(
      test.db,
      'SELECT g.name, s.plays FROM genre_stats s JOIN genres g ON g.id = s.id ORDER BY g.name',
    );
    expect(genreStats.map((g) => g.name)).toEqual(['dream pop', 'indie pop']);
    expect(genreStats.every((g) => g.plays > 0)).toBe(true);
  });

  it('looks up an artist MusicBrainz does not know again only after 30 days', async () => {
    await ingest();
    const [task] = await readRows<{ nextAttemptAt: number; attempts: number }>(
      test.db,
      "SELECT next_attempt_at AS nextAttemptAt, attempts FROM enrichment_queue WHERE kind = 'artist_genres'",
    );
    expect(task!.attempts).toBe(1);
    expect(task!.nextAttemptAt - Date.now()).toBeGreaterThan(NOT_FOUND_RETRY_MS - 60_000);
    const requests = musicBrainz.requests.length;
    expect((await ingest()).enriched).toBe(0);
    expect(musicBrainz.requests.length).toBe(requests);
  });

  it('honours MusicBrainz 503s and continues an unfinished queue in the next run', async () => {
    musicBrainz.forced503 = 1;
    const first = await ingest({ budgetMs: 7_500 });
    const [queued] = await readRows<{ n: number }>(test.db, 'SELECT count(*) AS n FROM enrichment_queue WHERE next_attempt_at <= ?', [
      Date.now(),
    ]);
    expect(first.enriched + queued!.n).toBeGreaterThanOrEqual(3);
    expect(musicBrainz.requests.length).toBeGreaterThanOrEqual(2);
    expect(musicBrainz.requests[1]!.at - musicBrainz.requests[0]!.at).toBeGreaterThanOrEqual(950);
    const second = await ingest();
    expect(second.status).toBe('no_new_plays');
    expect((await artistGenres())[0]!.genres).toBe('dream pop:0.6:musicbrainz,indie pop:0.4:musicbrainz');
  });
});

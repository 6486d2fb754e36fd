import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readRows } from '@/db/sql';
import { runGenreEnrichment } from '@/lib/enrich/genres';
import { fakeMbid, FakeListenBrainz } from '@/tests/fakes/listenbrainz';
import { FakeMusicBrainz } from '@/tests/fakes/musicbrainz';
import { openTestDatabase, type TestDatabase } from '@/tests/helpers/database';
import { clients } from './genres-world';
import { exportTs, importPaths, tempFolder } from '@/tests/unit/import/helpers';

/**
 * Artists an export names have no id at all, and resolving their tracks through Spotify takes
 * weeks of daily budget. Their genres must not wait for that: ListenBrainz's bulk lookup finds
 * each one's MusicBrainz id through its most played recording, with no Spotify request.
 */
const ARTISTS = 6_000;
const artistName = (i: number) => `Artist ${i}`;
const trackName = (i: number) => `Song of ${i}`;

let musicBrainz: FakeMusicBrainz;
let listenBrainz: FakeListenBrainz;
let test: TestDatabase;
const folder = tempFolder();

beforeAll(async () => {
  musicBrainz = await new FakeMusicBrainz().start();
  musicBrainz.minIntervalMs = 0;
  listenBrainz = await new FakeListenBrainz().start();
  listenBrainz.limit = 1_000_000;
  for (let i = 0; i < ARTISTS; i++) {
    // Every 100th is unknown to ListenBrainz; every 100th (offset 50) matches a cover by someone else.
    if (i % 100 === 0) continue;
    const mbid = fakeMbid(`artist:${i}`);
    const credit = i % 100 === 50 ? `Tribute Band ${i}` : `${artistName(i)} feat. Someone`;
    listenBrainz.addRecording({
      artistName: artistName(i),
      recordingName: trackName(i),
      recordingMbid: fakeMbid(`recording:${i}`),
      releaseMbid: fakeMbid(`release:${i}`),
      releaseName: `Album ${i}`,
      artistMbids: [mbid, fakeMbid('someone')],
      artistCreditName: credit,
    });
    listenBrainz.add({
      mbid,
      name: artistName(i),
      tags: [
        { tag: i % 2 ? 'shoegaze' : 'jazz', count: 3, genre_mbid: fakeMbid('genre') },
        { tag: 'seen live', count: 9 },
      ],
    });
  }
});
afterAll(async () => {
  folder.remove();
  await Promise.all([musicBrainz.close(), listenBrainz.close()]);
});
beforeEach(async () => {
  test = await openTestDatabase();
  listenBrainz.requests = [];
  musicBrainz.requests = [];
  const rows = Array.from({ length: ARTISTS }, (_, i) => ({
    ts: exportTs(Date.UTC(2025, 0, 1) + i * 600_000),
    ms_played: 200_000,
    master_metadata_track_name: trackName(i),
    master_metadata_album_artist_name: artistName(i),
    master_metadata_album_album_name: `Album ${i}`,
    spotify_track_uri: null,
  }));
  await importPaths(test.db, [folder.write('StreamingHistory-names-only.json', JSON.stringify(rows))]);
});
afterEach(() => test.close());

describe('genres of artists known only by name', () => {
  it('come from ListenBrainz’s bulk lookup and artist metadata: 120 + 60 requests for 6 000 artists, none to MusicBrainz', async () => {
    expect(await readRows(test.db, "SELECT count(*) AS n FROM enrichment_queue WHERE kind = 'artist_genres'")).toEqual([{ n: ARTISTS }]);
    const result = await runGenreEnrichment({ db: test.db, ...clients(musicBrainz, listenBrainz), deadline: Date.now() + 120_000 });
    const posts = listenBrainz.requests.filter((r) => r.path === '/1/metadata/lookup/');
    expect(posts).toHaveLength(ARTISTS / 50);
    expect(listenBrainz.requests.filter((r) => r.path.startsWith('/1/metadata/artist/'))).toHaveLength(ARTISTS / 100);
    expect(musicBrainz.requests).toEqual([]);
    // The unknown and the covers by someone else stay without genres, queued for later.
    const expected = ARTISTS - 2 * (ARTISTS / 100);
    expect(result).toMatchObject({ processed: expected, changed: true });
    const withGenres = await readRows<{ name: string; genre: string; mbid: string }>(
      test.db,
      `SELECT a.name, g.name AS genre, a.musicbrainz_id AS mbid FROM artists a JOIN artist_genres ag ON ag.artist_id = a.id JOIN genres g ON g.id = ag.genre_id
        ORDER BY a.id`,
    );
    expect(withGenres).toHaveLength(expected);
    expect(withGenres[0]).toEqual({ name: 'Artist 1', genre: 'shoegaze', mbid: fakeMbid('artist:1') });
    expect(withGenres.some((row) => row.name === 'Artist 50' || row.name === 'Artist 100')).toBe(false);
    const waiting = await readRows<{ n: number; lastError: string }>(
      test.db,
      "SELECT count(*) AS n, min(last_error) AS lastError FROM enrichment_queue WHERE kind = 'artist_genres' AND next_attempt_at > ?",
      [Date.now() + 29 * 86_400_000],
    );
    expect(waiting).toEqual([
      { n: 2 * (ARTISTS / 100), lastError: 'ListenBrainz matches no recording of Artist 0 to a MusicBrainz artist' },
    ]);
  }, 60_000);
});

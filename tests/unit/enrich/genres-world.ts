import type { Database } from '@/db';
import { REBUILD_ENTITY_STATS } from '@/db/rollups';
import { readRows } from '@/db/sql';
import { ListenBrainzClient } from '@/lib/enrich/listenbrainz';
import { MusicBrainzClient, musicBrainzUserAgent } from '@/lib/enrich/musicbrainz';
import type { RetryPolicy } from '@/lib/spotify/http';
import { fakeMbid, mirrorMusicBrainz, type FakeListenBrainz } from '@/tests/fakes/listenbrainz';
import type { FakeMusicBrainz, FakeMusicBrainzArtist } from '@/tests/fakes/musicbrainz';

/**
 * A library of queued artists for the bulk genre tests, and the same artists at the fake
 * MusicBrainz and ListenBrainz: some unknown to MusicBrainz, some MusicBrainz knows but
 * ListenBrainz does not list, genres with ties, down-votes, names that slugify alike, and a
 * plain "seen live" tag with more votes than any genre.
 */
export type WorldArtist = { spotifyId: string; plays: number; mb: FakeMusicBrainzArtist | null; inListenBrainz: boolean };

const POOL = [
  'dream pop',
  'shoegaze',
  'indie rock',
  'Hip Hop',
  'hip-hop',
  'post-punk',
  'jazz',
  'ambient',
  'techno',
  'drum and bass',
  'r&b',
  'rock',
];
export const CONTACT = 'https://stats.example.org';
export const USER_AGENT = musicBrainzUserAgent(CONTACT);

export const spotifyIdOf = (i: number) => `sp${String(i).padStart(20, '0')}`;

export function buildWorld(count: number, { unknownEvery = 50, listenBrainzLessEvery = 100 } = {}): WorldArtist[] {
  return Array.from({ length: count }, (_, i) => {
    const spotifyId = spotifyIdOf(i);
    // A permutation of 1..count, so the play order differs from the id order.
    const plays = ((i * 7919) % count) + 1;
    if (i % unknownEvery === 0) return { spotifyId, plays, mb: null, inListenBrainz: false };
    // Every 40th has two names of one slug, both well voted: the better-voted one must win.
    const genres =
      i % 40 === 13
        ? [
            { name: 'Hip Hop', count: 6 },
            { name: 'hip-hop', count: 4 },
            { name: 'rap', count: 3 },
          ]
        : Array.from({ length: i % 8 }, (_, j) => ({ name: POOL[(i * 5 + j * 7) % POOL.length]!, count: ((i * 31 + j * 17) % 13) - 2 }));
    const unique = [...new Map(genres.map((g) => [g.name, g])).values()];
    return {
      spotifyId,
      plays,
      mb: { mbid: fakeMbid(`artist:${i}`), spotifyId, genres: unique },
      inListenBrainz: i % listenBrainzLessEvery !== listenBrainzLessEvery - 1,
    };
  });
}

export function publish(world: readonly WorldArtist[], musicBrainz: FakeMusicBrainz, listenBrainz: FakeListenBrainz): void {
  musicBrainz.artists.clear();
  listenBrainz.artists.clear();
  for (const artist of world) {
    if (!artist.mb) continue;
    musicBrainz.add(artist.mb);
    if (artist.inListenBrainz) listenBrainz.add(mirrorMusicBrainz(artist.mb));
  }
}

/** Artists with one played track each (so artist_stats orders them) and an 'artist_genres' task each. */
export async function seedQueue(db: Database, world: readonly WorldArtist[], now = Date.now()): Promise<void> {
  const rows = JSON.stringify(world.map((a) => [a.spotifyId, a.plays]));
  await db.$client.batch(
    [
      { sql: 'INSERT INTO artists (spotify_id, name, name_key) SELECT value->>0, value->>0, value->>0 FROM json_each(?)', args: [rows] },
      {
        sql: `INSERT INTO tracks (spotify_id, name, lookup_key) SELECT 't' || (value->>0), value->>0, value->>0 FROM json_each(?)`,
        args: [rows],
      },
      {
        sql: `INSERT INTO track_artists (track_id, artist_id, position)
          SELECT t.id, a.id, 0 FROM artists a JOIN tracks t ON t.spotify_id = 't' || a.spotify_id`,
        args: [],
      },
      {
        sql: `INSERT INTO track_stats (track_id, plays, ms_played, skips, first_ended_at, last_ended_at)
          SELECT t.id, j.value->>1, (j.value->>1) * 180000, 0, 1, 2 FROM json_each(?) j JOIN tracks t ON t.spotify_id = 't' || (j.value->>0)`,
        args: [rows],
      },
      ...REBUILD_ENTITY_STATS,
      {
        sql: `INSERT INTO enrichment_queue (kind, target_id, next_attempt_at, created_at) SELECT 'artist_genres', id, ?, ? FROM artists`,
        args: [now, now],
      },
    ],
    'write',
  );
}

export function clients(musicBrainz: FakeMusicBrainz, listenBrainz: FakeListenBrainz, policy: Partial<RetryPolicy> = {}, intervalMs = 0) {
  const retry: RetryPolicy = { deadline: Date.now() + 120_000, baseBackoffMs: 20, ...policy };
  return {
    musicBrainz: new MusicBrainzClient(musicBrainz.url, USER_AGENT, retry, intervalMs),
    listenBrainz: new ListenBrainzClient(listenBrainz.url, USER_AGENT, retry, intervalMs),
  };
}

export type StoredGenres = { spotifyId: string; musicbrainzId: string | null; genres: string | null };

/** Every artist with its MusicBrainz id and genres (name:slug:weight:source), in a stable order. */
export function storedGenres(db: Database): Promise<StoredGenres[]> {
  return readRows<StoredGenres>(
    db,
    `SELECT a.spotify_id AS spotifyId, a.musicbrainz_id AS musicbrainzId,
      (SELECT group_concat(x, ',') FROM (SELECT g.name || ':' || g.slug || ':' || ag.weight || ':' || ag.source AS x FROM artist_genres ag
        JOIN genres g ON g.id = ag.genre_id WHERE ag.artist_id = a.id ORDER BY ag.weight DESC, g.slug)) AS genres
      FROM artists a ORDER BY a.spotify_id`,
  );
}

export type QueuedTask = { spotifyId: string; attempts: number; nextAttemptAt: number; lastError: string | null };

export function queuedTasks(db: Database): Promise<QueuedTask[]> {
  return readRows<QueuedTask>(
    db,
    `SELECT a.spotify_id AS spotifyId, q.attempts, q.next_attempt_at AS nextAttemptAt, q.last_error AS lastError
      FROM enrichment_queue q JOIN artists a ON a.id = q.target_id WHERE q.kind = 'artist_genres' ORDER BY a.spotify_id`,
  );
}

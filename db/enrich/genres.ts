import 'server-only';
import type { InStatement } from '@libsql/client';
import type { Database } from '@/db';
import { REBUILD_ENTITY_STATS } from '@/db/rollups';
import { readRows } from '@/db/sql';

/**
 * The bulk genre route's queue work: due 'artist_genres' tasks most-played artist first, and
 * each batch's outcome written in one round trip. Lists travel as one JSON argument
 * (json_each), so a batch of 100 artists is a handful of statements, not hundreds.
 */
export type GenreTask = {
  taskId: number;
  artistId: number;
  attempts: number;
  spotifyId: string | null;
  /** For an artist known only by name (an export's): its name and its most played track, to look it up by. */
  name: string | null;
  trackName: string | null;
  albumName: string | null;
};

export async function selectDueGenreTasks(db: Database, { now, limit }: { now: number; limit: number }): Promise<GenreTask[]> {
  return readRows<GenreTask>(
    db,
    `SELECT q.id AS taskId, q.target_id AS artistId, q.attempts, a.spotify_id AS spotifyId, a.name,
        best.name AS trackName, (SELECT name FROM albums WHERE id = best.album_id) AS albumName
      FROM enrichment_queue q
      LEFT JOIN artists a ON a.id = q.target_id
      LEFT JOIN artist_stats s ON s.id = q.target_id
      LEFT JOIN tracks best ON a.spotify_id IS NULL AND best.id = (
        SELECT ta.track_id FROM track_artists ta LEFT JOIN track_stats ts ON ts.track_id = ta.track_id
        WHERE ta.artist_id = q.target_id ORDER BY coalesce(ts.plays, 0) DESC, ta.track_id LIMIT 1)
      WHERE q.kind = 'artist_genres' AND q.next_attempt_at <= ?
      ORDER BY coalesce(s.plays, 0) DESC, q.target_id
      LIMIT ?`,
    [now, limit],
  );
}

/** `slug` comes from the caller (lib/names slugify), as saveArtistGenres derives it. */
export type FoundGenres = {
  taskId: number;
  artistId: number;
  musicbrainzId: string;
  genres: readonly { slug: string; name: string; weight: number }[];
};

export type RetryLater = { taskId: number; nextAttemptAt: number; error: string; countAttempt: boolean };

/** Tasks tried again later, each at its own time; a service's throttling counts no attempt. */
function rescheduleStatement(tasks: readonly RetryLater[]): InStatement {
  return {
    sql: `UPDATE enrichment_queue SET attempts = attempts + j.value->>3, next_attempt_at = j.value->>1, last_error = j.value->>2
      FROM json_each(?) j WHERE enrichment_queue.id = j.value->>0`,
    args: [JSON.stringify(tasks.map((t) => [t.taskId, t.nextAttemptAt, t.error.slice(0, 500), t.countAttempt ? 1 : 0]))],
  };
}

/**
 * A batch's outcome in one round trip and one transaction. Done tasks: each artist's
 * MusicBrainz id and genres replace its 'musicbrainz' genres exactly as saveArtistGenres does
 * (a genre already there from another source stays), the tasks go, and the all-time rollups
 * are rebuilt once. `dropped` are tasks with nothing to do (the artist is gone, or has neither
 * a Spotify id nor a track to be looked up by); `retry` are tried again later.
 */
export async function saveGenreOutcome(
  db: Database,
  { found, dropped, retry }: { found: readonly FoundGenres[]; dropped: readonly number[]; retry: readonly RetryLater[] },
): Promise<void> {
  const statements: InStatement[] = [];
  if (found.length > 0) {
    const ids = JSON.stringify(found.map((f) => [f.artistId, f.musicbrainzId]));
    const genres = JSON.stringify(found.flatMap((f) => f.genres.map((g) => [f.artistId, g.weight, g.slug, g.name])));
    statements.push(
      {
        sql: `UPDATE artists SET musicbrainz_id = j.value->>1 FROM json_each(?) j WHERE artists.id = j.value->>0`,
        args: [ids],
      },
      {
        sql: `DELETE FROM artist_genres WHERE source = 'musicbrainz' AND artist_id IN (SELECT value->>0 FROM json_each(?))`,
        args: [ids],
      },
      {
        sql: `INSERT INTO genres (slug, name) SELECT value->>2, value->>3 FROM json_each(?) WHERE true ON CONFLICT (slug) DO NOTHING`,
        args: [genres],
      },
      {
        sql: `INSERT INTO artist_genres (artist_id, genre_id, weight, source)
          SELECT j.value->>0, g.id, j.value->>1, 'musicbrainz' FROM json_each(?) j JOIN genres g ON g.slug = j.value->>2 WHERE true
          ON CONFLICT (artist_id, genre_id) DO NOTHING`,
        args: [genres],
      },
    );
  }
  if (found.length + dropped.length > 0) {
    const tasks = JSON.stringify([...found.map((f) => f.taskId), ...dropped]);
    statements.push({ sql: 'DELETE FROM enrichment_queue WHERE id IN (SELECT value FROM json_each(?))', args: [tasks] });
  }
  if (retry.length > 0) statements.push(rescheduleStatement(retry));
  if (found.length > 0) statements.push(...REBUILD_ENTITY_STATS);
  if (statements.length > 0) await db.$client.batch(statements, 'write');
}

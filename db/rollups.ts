import type { InStatement } from '@libsql/client';

/**
 * Rebuilds the all-time artist, album and genre tables from `track_stats`. Run in the same
 * transaction as any write that adds plays or changes credits or genres.
 */
export const REBUILD_ENTITY_STATS: InStatement[] = [
  'DELETE FROM artist_stats',
  `INSERT INTO artist_stats (id, plays, ms_played)
    SELECT ta.artist_id, sum(ts.plays), sum(ts.ms_played) FROM track_stats ts
    JOIN track_artists ta ON ta.track_id = ts.track_id WHERE ts.plays > 0 GROUP BY ta.artist_id`,
  'DELETE FROM album_stats',
  `INSERT INTO album_stats (id, plays, ms_played)
    SELECT tr.album_id, sum(ts.plays), sum(ts.ms_played) FROM track_stats ts
    JOIN tracks tr ON tr.id = ts.track_id WHERE ts.plays > 0 AND tr.album_id IS NOT NULL GROUP BY tr.album_id`,
  'DELETE FROM genre_stats',
  `INSERT INTO genre_stats (id, plays, ms_played)
    SELECT tg.genre_id, sum(ts.plays), sum(ts.ms_played) FROM track_stats ts
    JOIN track_genres tg ON tg.track_id = ts.track_id WHERE ts.plays > 0 GROUP BY tg.genre_id`,
];

const TOUCHED = 'SELECT value FROM json_each(:tracks)';

/**
 * The artist, album and genre totals of just the given tracks' artists, albums and genres,
 * rebuilt from `track_stats` as REBUILD_ENTITY_STATS does for all of them: a remote import
 * batch keeps the totals exact without deleting and writing every row again (Turso bills rows
 * written). `trackIds`: every track whose plays, credits or album the write changed.
 */
export function rebuildEntityStatsFor(trackIds: readonly number[]): InStatement[] {
  if (trackIds.length === 0) return [];
  const args = { tracks: JSON.stringify([...new Set(trackIds)]) };
  const artists = `SELECT artist_id FROM track_artists WHERE track_id IN (${TOUCHED})`;
  const albums = `SELECT album_id FROM tracks WHERE id IN (${TOUCHED}) AND album_id IS NOT NULL`;
  const genres = `SELECT genre_id FROM track_genres WHERE track_id IN (${TOUCHED})`;
  return [
    { sql: `DELETE FROM artist_stats WHERE id IN (${artists})`, args },
    {
      sql: `INSERT INTO artist_stats (id, plays, ms_played)
        SELECT ta.artist_id, sum(ts.plays), sum(ts.ms_played) FROM track_artists ta JOIN track_stats ts ON ts.track_id = ta.track_id
        WHERE ts.plays > 0 AND ta.artist_id IN (${artists}) GROUP BY ta.artist_id`,
      args,
    },
    { sql: `DELETE FROM album_stats WHERE id IN (${albums})`, args },
    {
      sql: `INSERT INTO album_stats (id, plays, ms_played)
        SELECT tr.album_id, sum(ts.plays), sum(ts.ms_played) FROM tracks tr JOIN track_stats ts ON ts.track_id = tr.id
        WHERE ts.plays > 0 AND tr.album_id IN (${albums}) GROUP BY tr.album_id`,
      args,
    },
    { sql: `DELETE FROM genre_stats WHERE id IN (${genres})`, args },
    {
      sql: `INSERT INTO genre_stats (id, plays, ms_played)
        SELECT tg.genre_id, sum(ts.plays), sum(ts.ms_played) FROM track_genres tg JOIN track_stats ts ON ts.track_id = tg.track_id
        WHERE ts.plays > 0 AND tg.genre_id IN (${genres}) GROUP BY tg.genre_id`,
      args,
    },
  ];
}

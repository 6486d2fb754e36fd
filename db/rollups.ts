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

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
    SELECT tg.genre_id, sum(ts.plays), sum(ts.ms_played)
    FROM (SELECT DISTINCT ta.track_id, ag.genre_id FROM track_artists ta
          JOIN artist_genres ag ON ag.artist_id = ta.artist_id) tg
    JOIN track_stats ts ON ts.track_id = tg.track_id WHERE ts.plays > 0 GROUP BY tg.genre_id`,
];

/**
 * While this settings row exists the plays INSERT trigger does nothing (drizzle/0004). A bulk
 * writer inserts it first in its own write transaction and deletes it before committing, so
 * no other connection ever sees it; it adds each multi-row INSERT to the rollups itself with
 * addPlaysToRollups(). UPDATE and DELETE triggers always run, and rollups are exact again
 * after each addPlaysToRollups().
 */
export const DEFER_ROLLUPS: InStatement = "INSERT INTO settings (key, value) VALUES ('rollups_deferred', '1')";
export const RESUME_ROLLUPS: InStatement = "DELETE FROM settings WHERE key = 'rollups_deferred'";

/**
 * What the INSERT trigger does per row, once per multi-row INSERT: `json` is the same JSON
 * array of rows that was just inserted, each starting [ended_at, track_id, ms_played, counted,
 * local_day, local_hour, local_weekday] (further elements are ignored). Run right after that
 * INSERT, before any UPDATE of its rows, with DEFER_ROLLUPS in force.
 */
export function addPlaysToRollups(json: string): InStatement[] {
  return [
    {
      sql: `INSERT INTO day_hour_stats (local_day, local_hour, local_weekday, plays, ms_played, skips)
        SELECT value->>4, value->>5, min(value->>6), sum(value->>3), sum(CASE WHEN value->>3 THEN value->>2 ELSE 0 END),
          sum(1 - value->>3)
        FROM json_each(?) WHERE true GROUP BY value->>4, value->>5
        ON CONFLICT (local_day, local_hour) DO UPDATE SET
          plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played, skips = skips + excluded.skips`,
      args: [json],
    },
    {
      sql: `INSERT INTO track_stats (track_id, plays, ms_played, skips, first_ended_at, last_ended_at)
        SELECT value->>1, sum(value->>3), sum(CASE WHEN value->>3 THEN value->>2 ELSE 0 END), sum(1 - value->>3),
          min(CASE WHEN value->>3 THEN value->>0 END), max(CASE WHEN value->>3 THEN value->>0 END)
        FROM json_each(?) WHERE true GROUP BY value->>1
        ON CONFLICT (track_id) DO UPDATE SET
          plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played, skips = skips + excluded.skips,
          first_ended_at = coalesce(min(first_ended_at, excluded.first_ended_at), first_ended_at, excluded.first_ended_at),
          last_ended_at = coalesce(max(last_ended_at, excluded.last_ended_at), last_ended_at, excluded.last_ended_at)`,
      args: [json],
    },
  ];
}

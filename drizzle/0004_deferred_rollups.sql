-- Bulk writers (import, seeding) add their plays to day_hour_stats and track_stats themselves,
-- summed in memory and written as one upsert per table (db/queries/pending-rollups.ts), instead
-- of two upserts per row here. They set the 'rollups_deferred' flag row for the length of their own
-- write transaction only, so no other connection ever sees it. (A trigger on a main table
-- cannot read a temp table, hence a settings row.) UPDATE and DELETE triggers stay as they are.
DROP TRIGGER plays_rollup_insert;
--> statement-breakpoint
CREATE TRIGGER plays_rollup_insert AFTER INSERT ON plays
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'rollups_deferred') BEGIN
  INSERT INTO day_hour_stats (local_day, local_hour, local_weekday, plays, ms_played, skips)
    VALUES (NEW.local_day, NEW.local_hour, NEW.local_weekday, NEW.counted,
            CASE WHEN NEW.counted THEN NEW.ms_played ELSE 0 END, 1 - NEW.counted)
    ON CONFLICT (local_day, local_hour) DO UPDATE SET
      plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played, skips = skips + excluded.skips;
  INSERT INTO track_stats (track_id, plays, ms_played, skips, first_ended_at, last_ended_at)
    VALUES (NEW.track_id, NEW.counted, CASE WHEN NEW.counted THEN NEW.ms_played ELSE 0 END, 1 - NEW.counted,
            CASE WHEN NEW.counted THEN NEW.ended_at END, CASE WHEN NEW.counted THEN NEW.ended_at END)
    ON CONFLICT (track_id) DO UPDATE SET
      plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played, skips = skips + excluded.skips,
      first_ended_at = coalesce(min(first_ended_at, excluded.first_ended_at), first_ended_at, excluded.first_ended_at),
      last_ended_at = coalesce(max(last_ended_at, excluded.last_ended_at), last_ended_at, excluded.last_ended_at);
END;

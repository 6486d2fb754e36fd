-- One bulk-write mode (db/import/bulk-write.ts): an import or a seeding that writes many plays
-- sets the insert triggers aside for its own transaction and sums the rollups itself, so the
-- 'rollups_deferred' flag row (0004, 0007) has no reader left. The two insert triggers are made
-- again without it, exactly as before otherwise.
DELETE FROM settings WHERE key = 'rollups_deferred';
--> statement-breakpoint
DROP TRIGGER plays_rollup_insert;
--> statement-breakpoint
CREATE TRIGGER plays_rollup_insert AFTER INSERT ON plays BEGIN
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
--> statement-breakpoint
DROP TRIGGER plays_track_months_insert;
--> statement-breakpoint
CREATE TRIGGER plays_track_months_insert AFTER INSERT ON plays WHEN NEW.counted = 1 BEGIN
  INSERT INTO track_months (month, track_id, plays, ms_played)
    VALUES (substr(NEW.local_day, 1, 7), NEW.track_id, 1, NEW.ms_played)
    ON CONFLICT (month, track_id) DO UPDATE SET plays = plays + 1, ms_played = ms_played + excluded.ms_played;
END;

-- Keeps day_hour_stats and track_stats exact on every write to plays (see db/schema.ts).
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
CREATE TRIGGER plays_rollup_delete AFTER DELETE ON plays BEGIN
  UPDATE day_hour_stats SET
      plays = plays - OLD.counted,
      ms_played = ms_played - CASE WHEN OLD.counted THEN OLD.ms_played ELSE 0 END,
      skips = skips - (1 - OLD.counted)
    WHERE local_day = OLD.local_day AND local_hour = OLD.local_hour;
  UPDATE track_stats SET
      plays = plays - OLD.counted,
      ms_played = ms_played - CASE WHEN OLD.counted THEN OLD.ms_played ELSE 0 END,
      skips = skips - (1 - OLD.counted),
      first_ended_at = (SELECT min(ended_at) FROM plays WHERE track_id = OLD.track_id AND counted = 1),
      last_ended_at = (SELECT max(ended_at) FROM plays WHERE track_id = OLD.track_id AND counted = 1)
    WHERE track_id = OLD.track_id;
END;
--> statement-breakpoint
CREATE TRIGGER plays_rollup_update AFTER UPDATE OF track_id, ms_played, counted, ended_at, local_day, local_hour, local_weekday ON plays BEGIN
  UPDATE day_hour_stats SET
      plays = plays - OLD.counted,
      ms_played = ms_played - CASE WHEN OLD.counted THEN OLD.ms_played ELSE 0 END,
      skips = skips - (1 - OLD.counted)
    WHERE local_day = OLD.local_day AND local_hour = OLD.local_hour;
  INSERT INTO day_hour_stats (local_day, local_hour, local_weekday, plays, ms_played, skips)
    VALUES (NEW.local_day, NEW.local_hour, NEW.local_weekday, NEW.counted,
            CASE WHEN NEW.counted THEN NEW.ms_played ELSE 0 END, 1 - NEW.counted)
    ON CONFLICT (local_day, local_hour) DO UPDATE SET
      plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played, skips = skips + excluded.skips;
  UPDATE track_stats SET
      plays = plays - OLD.counted,
      ms_played = ms_played - CASE WHEN OLD.counted THEN OLD.ms_played ELSE 0 END,
      skips = skips - (1 - OLD.counted),
      first_ended_at = (SELECT min(ended_at) FROM plays WHERE track_id = OLD.track_id AND counted = 1),
      last_ended_at = (SELECT max(ended_at) FROM plays WHERE track_id = OLD.track_id AND counted = 1)
    WHERE track_id = OLD.track_id;
  INSERT INTO track_stats (track_id, plays, ms_played, skips, first_ended_at, last_ended_at)
    VALUES (NEW.track_id, NEW.counted, CASE WHEN NEW.counted THEN NEW.ms_played ELSE 0 END, 1 - NEW.counted,
            CASE WHEN NEW.counted THEN NEW.ended_at END, CASE WHEN NEW.counted THEN NEW.ended_at END)
    ON CONFLICT (track_id) DO UPDATE SET
      plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played, skips = skips + excluded.skips,
      first_ended_at = (SELECT min(ended_at) FROM plays WHERE track_id = NEW.track_id AND counted = 1),
      last_ended_at = (SELECT max(ended_at) FROM plays WHERE track_id = NEW.track_id AND counted = 1);
END;

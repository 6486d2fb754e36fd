-- The listening clock per local month: day_hour_stats summed by (month, weekday, hour). A year's
-- clock reads 12 × 168 cells at most instead of every active hour of 365 days (about 9 000 rows
-- here), plus the days before and after its whole months. Rows may fall to 0.
--
-- One trigger per event keeps day_stats, clock_stats (drizzle/0009) and clock_months together:
-- every bulk write of plays upserts thousands of day_hour_stats rows, and an upsert that only
-- adds to a row (the usual case) costs three plain UPDATEs.
CREATE TABLE clock_months (
  month TEXT NOT NULL,
  local_weekday INTEGER NOT NULL,
  local_hour INTEGER NOT NULL,
  plays INTEGER NOT NULL,
  ms_played INTEGER NOT NULL,
  PRIMARY KEY (month, local_weekday, local_hour)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO clock_months (month, local_weekday, local_hour, plays, ms_played)
  SELECT substr(local_day, 1, 7), local_weekday, local_hour, sum(plays), sum(ms_played) FROM day_hour_stats GROUP BY 1, 2, 3;
--> statement-breakpoint
CREATE TRIGGER day_rollups_insert AFTER INSERT ON day_hour_stats BEGIN
  INSERT INTO day_stats (local_day, plays, ms_played, skips) VALUES (NEW.local_day, NEW.plays, NEW.ms_played, NEW.skips)
    ON CONFLICT (local_day) DO UPDATE SET
      plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played, skips = skips + excluded.skips;
  INSERT INTO clock_stats (local_weekday, local_hour, plays, ms_played) VALUES (NEW.local_weekday, NEW.local_hour, NEW.plays, NEW.ms_played)
    ON CONFLICT (local_weekday, local_hour) DO UPDATE SET plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played;
  INSERT INTO clock_months (month, local_weekday, local_hour, plays, ms_played)
    VALUES (substr(NEW.local_day, 1, 7), NEW.local_weekday, NEW.local_hour, NEW.plays, NEW.ms_played)
    ON CONFLICT (month, local_weekday, local_hour) DO UPDATE SET plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played;
END;
--> statement-breakpoint
-- A row never moves to another hour (its key is the hour): refuse it, so the update below only
-- ever has to add the difference.
CREATE TRIGGER day_hour_stats_key_fixed BEFORE UPDATE OF local_day, local_hour, local_weekday ON day_hour_stats
WHEN NEW.local_day <> OLD.local_day OR NEW.local_hour <> OLD.local_hour OR NEW.local_weekday <> OLD.local_weekday BEGIN
  SELECT RAISE(ABORT, 'day_hour_stats rows keep their day and hour; delete and insert instead');
END;
--> statement-breakpoint
-- An upsert adding to the hour, or a play leaving it: add the difference.
CREATE TRIGGER day_rollups_update AFTER UPDATE ON day_hour_stats BEGIN
  UPDATE day_stats SET plays = plays + NEW.plays - OLD.plays, ms_played = ms_played + NEW.ms_played - OLD.ms_played,
      skips = skips + NEW.skips - OLD.skips
    WHERE local_day = NEW.local_day;
  UPDATE clock_stats SET plays = plays + NEW.plays - OLD.plays, ms_played = ms_played + NEW.ms_played - OLD.ms_played
    WHERE local_weekday = NEW.local_weekday AND local_hour = NEW.local_hour;
  UPDATE clock_months SET plays = plays + NEW.plays - OLD.plays, ms_played = ms_played + NEW.ms_played - OLD.ms_played
    WHERE month = substr(NEW.local_day, 1, 7) AND local_weekday = NEW.local_weekday AND local_hour = NEW.local_hour;
END;
--> statement-breakpoint
CREATE TRIGGER day_rollups_delete AFTER DELETE ON day_hour_stats BEGIN
  UPDATE day_stats SET plays = plays - OLD.plays, ms_played = ms_played - OLD.ms_played, skips = skips - OLD.skips
    WHERE local_day = OLD.local_day;
  DELETE FROM day_stats WHERE local_day = OLD.local_day
    AND NOT EXISTS (SELECT 1 FROM day_hour_stats WHERE local_day = OLD.local_day);
  UPDATE clock_stats SET plays = plays - OLD.plays, ms_played = ms_played - OLD.ms_played
    WHERE local_weekday = OLD.local_weekday AND local_hour = OLD.local_hour;
  UPDATE clock_months SET plays = plays - OLD.plays, ms_played = ms_played - OLD.ms_played
    WHERE month = substr(OLD.local_day, 1, 7) AND local_weekday = OLD.local_weekday AND local_hour = OLD.local_hour;
END;

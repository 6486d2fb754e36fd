-- The listening clock per local month: day_hour_stats summed by (month, weekday, hour). A year's
-- clock reads 12 × 168 cells at most instead of every active hour of 365 days (about 9 000 rows
-- here), plus the days before and after its whole months. Kept exact by triggers on
-- day_hour_stats, like day_stats and clock_stats (drizzle/0009). Rows may fall to 0.
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
CREATE TRIGGER clock_months_insert AFTER INSERT ON day_hour_stats BEGIN
  INSERT INTO clock_months (month, local_weekday, local_hour, plays, ms_played)
    VALUES (substr(NEW.local_day, 1, 7), NEW.local_weekday, NEW.local_hour, NEW.plays, NEW.ms_played)
    ON CONFLICT (month, local_weekday, local_hour) DO UPDATE SET plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played;
END;
--> statement-breakpoint
CREATE TRIGGER clock_months_update AFTER UPDATE ON day_hour_stats BEGIN
  UPDATE clock_months SET plays = plays - OLD.plays, ms_played = ms_played - OLD.ms_played
    WHERE month = substr(OLD.local_day, 1, 7) AND local_weekday = OLD.local_weekday AND local_hour = OLD.local_hour;
  INSERT INTO clock_months (month, local_weekday, local_hour, plays, ms_played)
    VALUES (substr(NEW.local_day, 1, 7), NEW.local_weekday, NEW.local_hour, NEW.plays, NEW.ms_played)
    ON CONFLICT (month, local_weekday, local_hour) DO UPDATE SET plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played;
END;
--> statement-breakpoint
CREATE TRIGGER clock_months_delete AFTER DELETE ON day_hour_stats BEGIN
  UPDATE clock_months SET plays = plays - OLD.plays, ms_played = ms_played - OLD.ms_played
    WHERE month = substr(OLD.local_day, 1, 7) AND local_weekday = OLD.local_weekday AND local_hour = OLD.local_hour;
END;

-- day_hour_stats summed once more: per local day (day_stats) and, over all time, per weekday and
-- hour (clock_stats). Ten years are about 26 000 day-hour rows but 3 650 days and 168 clock
-- cells, so the site-wide sums, the days chart, the history total and the all-time listening
-- clock read those instead. Triggers on day_hour_stats keep both exact: every writer of plays
-- (the plays triggers, bulk imports and seeding, time-zone changes) goes through it. Rows may
-- fall to 0; readers keep plays above 0 where it matters.
CREATE TABLE day_stats (
  local_day TEXT PRIMARY KEY NOT NULL,
  plays INTEGER NOT NULL,
  ms_played INTEGER NOT NULL,
  skips INTEGER NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE clock_stats (
  local_weekday INTEGER NOT NULL,
  local_hour INTEGER NOT NULL,
  plays INTEGER NOT NULL,
  ms_played INTEGER NOT NULL,
  PRIMARY KEY (local_weekday, local_hour)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO day_stats (local_day, plays, ms_played, skips)
  SELECT local_day, sum(plays), sum(ms_played), sum(skips) FROM day_hour_stats GROUP BY local_day;
--> statement-breakpoint
INSERT INTO clock_stats (local_weekday, local_hour, plays, ms_played)
  SELECT local_weekday, local_hour, sum(plays), sum(ms_played) FROM day_hour_stats GROUP BY local_weekday, local_hour;
--> statement-breakpoint
CREATE TRIGGER day_stats_insert AFTER INSERT ON day_hour_stats BEGIN
  INSERT INTO day_stats (local_day, plays, ms_played, skips) VALUES (NEW.local_day, NEW.plays, NEW.ms_played, NEW.skips)
    ON CONFLICT (local_day) DO UPDATE SET
      plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played, skips = skips + excluded.skips;
  INSERT INTO clock_stats (local_weekday, local_hour, plays, ms_played) VALUES (NEW.local_weekday, NEW.local_hour, NEW.plays, NEW.ms_played)
    ON CONFLICT (local_weekday, local_hour) DO UPDATE SET plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played;
END;
--> statement-breakpoint
-- Upserts into day_hour_stats land here too. The row's key never changes in practice, but an
-- update that moved it would still be counted right: the old values leave the old key.
CREATE TRIGGER day_stats_update AFTER UPDATE ON day_hour_stats BEGIN
  UPDATE day_stats SET plays = plays - OLD.plays, ms_played = ms_played - OLD.ms_played, skips = skips - OLD.skips
    WHERE local_day = OLD.local_day;
  INSERT INTO day_stats (local_day, plays, ms_played, skips) VALUES (NEW.local_day, NEW.plays, NEW.ms_played, NEW.skips)
    ON CONFLICT (local_day) DO UPDATE SET
      plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played, skips = skips + excluded.skips;
  UPDATE clock_stats SET plays = plays - OLD.plays, ms_played = ms_played - OLD.ms_played
    WHERE local_weekday = OLD.local_weekday AND local_hour = OLD.local_hour;
  INSERT INTO clock_stats (local_weekday, local_hour, plays, ms_played) VALUES (NEW.local_weekday, NEW.local_hour, NEW.plays, NEW.ms_played)
    ON CONFLICT (local_weekday, local_hour) DO UPDATE SET plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played;
END;
--> statement-breakpoint
CREATE TRIGGER day_stats_delete AFTER DELETE ON day_hour_stats BEGIN
  UPDATE day_stats SET plays = plays - OLD.plays, ms_played = ms_played - OLD.ms_played, skips = skips - OLD.skips
    WHERE local_day = OLD.local_day;
  DELETE FROM day_stats WHERE local_day = OLD.local_day
    AND NOT EXISTS (SELECT 1 FROM day_hour_stats WHERE local_day = OLD.local_day);
  UPDATE clock_stats SET plays = plays - OLD.plays, ms_played = ms_played - OLD.ms_played
    WHERE local_weekday = OLD.local_weekday AND local_hour = OLD.local_hour;
END;

-- Counted plays and time per track per local month ('YYYY-MM'). A range of months reads these
-- rows instead of every play: about half as many rows on a synthetic year, far fewer on real
-- listening, where tracks repeat. Only the partial months at a range's ends read plays. Declared
-- here rather than in db/schema.ts because Drizzle cannot declare a WITHOUT ROWID table.
-- Rows may fall to 0 plays after deletes; readers keep only tracks whose sum is above 0.
CREATE TABLE track_months (
  month TEXT NOT NULL,
  track_id INTEGER NOT NULL,
  plays INTEGER NOT NULL,
  ms_played INTEGER NOT NULL,
  PRIMARY KEY (month, track_id)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO track_months (month, track_id, plays, ms_played)
  SELECT substr(local_day, 1, 7), track_id, count(*), sum(ms_played) FROM plays WHERE counted = 1 GROUP BY 1, 2;
--> statement-breakpoint
-- Skipped, like plays_rollup_insert, while a bulk writer adds its plays itself (drizzle/0004).
CREATE TRIGGER plays_track_months_insert AFTER INSERT ON plays
WHEN NEW.counted = 1 AND NOT EXISTS (SELECT 1 FROM settings WHERE key = 'rollups_deferred') BEGIN
  INSERT INTO track_months (month, track_id, plays, ms_played)
    VALUES (substr(NEW.local_day, 1, 7), NEW.track_id, 1, NEW.ms_played)
    ON CONFLICT (month, track_id) DO UPDATE SET plays = plays + 1, ms_played = ms_played + excluded.ms_played;
END;
--> statement-breakpoint
CREATE TRIGGER plays_track_months_delete AFTER DELETE ON plays WHEN OLD.counted = 1 BEGIN
  UPDATE track_months SET plays = plays - 1, ms_played = ms_played - OLD.ms_played
    WHERE month = substr(OLD.local_day, 1, 7) AND track_id = OLD.track_id;
END;
--> statement-breakpoint
CREATE TRIGGER plays_track_months_update AFTER UPDATE OF track_id, ms_played, counted, local_day ON plays BEGIN
  UPDATE track_months SET plays = plays - 1, ms_played = ms_played - OLD.ms_played
    WHERE OLD.counted = 1 AND month = substr(OLD.local_day, 1, 7) AND track_id = OLD.track_id;
  INSERT INTO track_months (month, track_id, plays, ms_played)
    SELECT substr(NEW.local_day, 1, 7), NEW.track_id, 1, NEW.ms_played WHERE NEW.counted = 1
    ON CONFLICT (month, track_id) DO UPDATE SET plays = plays + 1, ms_played = ms_played + excluded.ms_played;
END;

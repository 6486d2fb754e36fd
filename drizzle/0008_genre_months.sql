-- Counted plays and time per genre per local month: track_months through track_genres, so a
-- play counts once per genre. Genre lists over whole months read a few hundred rows instead of
-- every track of the period times its genres. Triggers on both sources keep it exact, including
-- when enrichment gives an artist its genres long after the plays. WITHOUT ROWID, like
-- track_months (drizzle/0007). Rows may fall to 0 plays; readers keep sums above 0.
CREATE TABLE genre_months (
  month TEXT NOT NULL,
  genre_id INTEGER NOT NULL,
  plays INTEGER NOT NULL,
  ms_played INTEGER NOT NULL,
  PRIMARY KEY (month, genre_id)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX track_months_track_idx ON track_months (track_id);
--> statement-breakpoint
INSERT INTO genre_months (month, genre_id, plays, ms_played)
  SELECT tm.month, tg.genre_id, sum(tm.plays), sum(tm.ms_played)
  FROM track_months tm JOIN track_genres tg ON tg.track_id = tm.track_id GROUP BY 1, 2;
--> statement-breakpoint
CREATE TRIGGER genre_months_track_insert AFTER INSERT ON track_months BEGIN
  INSERT INTO genre_months (month, genre_id, plays, ms_played)
    SELECT NEW.month, genre_id, NEW.plays, NEW.ms_played FROM track_genres WHERE track_id = NEW.track_id
    ON CONFLICT (month, genre_id) DO UPDATE SET plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played;
END;
--> statement-breakpoint
CREATE TRIGGER genre_months_track_update AFTER UPDATE OF plays, ms_played ON track_months BEGIN
  UPDATE genre_months SET plays = plays + NEW.plays - OLD.plays, ms_played = ms_played + NEW.ms_played - OLD.ms_played
    WHERE month = NEW.month AND genre_id IN (SELECT genre_id FROM track_genres WHERE track_id = NEW.track_id);
END;
--> statement-breakpoint
CREATE TRIGGER genre_months_track_delete AFTER DELETE ON track_months BEGIN
  UPDATE genre_months SET plays = plays - OLD.plays, ms_played = ms_played - OLD.ms_played
    WHERE month = OLD.month AND genre_id IN (SELECT genre_id FROM track_genres WHERE track_id = OLD.track_id);
END;
--> statement-breakpoint
CREATE TRIGGER genre_months_genre_insert AFTER INSERT ON track_genres BEGIN
  INSERT INTO genre_months (month, genre_id, plays, ms_played)
    SELECT month, NEW.genre_id, plays, ms_played FROM track_months WHERE track_id = NEW.track_id
    ON CONFLICT (month, genre_id) DO UPDATE SET plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played;
END;
--> statement-breakpoint
CREATE TRIGGER genre_months_genre_delete AFTER DELETE ON track_genres BEGIN
  UPDATE genre_months SET
      plays = plays - (SELECT tm.plays FROM track_months tm WHERE tm.track_id = OLD.track_id AND tm.month = genre_months.month),
      ms_played = ms_played - (SELECT tm.ms_played FROM track_months tm WHERE tm.track_id = OLD.track_id AND tm.month = genre_months.month)
    WHERE genre_id = OLD.genre_id AND month IN (SELECT month FROM track_months WHERE track_id = OLD.track_id);
END;

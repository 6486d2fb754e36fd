-- track_genres holds each track's distinct genres through its artists. These triggers keep it
-- exact whatever writes credits or genres (ingest, import, enrichment, merges), so no writer
-- has to remember it. A pair goes only when no other artist of the track still brings that genre.
INSERT OR IGNORE INTO track_genres (track_id, genre_id)
  SELECT ta.track_id, ag.genre_id FROM track_artists ta JOIN artist_genres ag ON ag.artist_id = ta.artist_id;
--> statement-breakpoint
CREATE TRIGGER track_genres_credit_insert AFTER INSERT ON track_artists BEGIN
  INSERT OR IGNORE INTO track_genres (track_id, genre_id)
    SELECT NEW.track_id, genre_id FROM artist_genres WHERE artist_id = NEW.artist_id;
END;
--> statement-breakpoint
CREATE TRIGGER track_genres_credit_delete AFTER DELETE ON track_artists BEGIN
  DELETE FROM track_genres WHERE track_id = OLD.track_id
    AND genre_id IN (SELECT genre_id FROM artist_genres WHERE artist_id = OLD.artist_id)
    AND NOT EXISTS (SELECT 1 FROM track_artists ta JOIN artist_genres ag ON ag.artist_id = ta.artist_id
      WHERE ta.track_id = OLD.track_id AND ag.genre_id = track_genres.genre_id);
END;
--> statement-breakpoint
CREATE TRIGGER track_genres_credit_update AFTER UPDATE OF track_id, artist_id ON track_artists BEGIN
  DELETE FROM track_genres WHERE track_id = OLD.track_id
    AND genre_id IN (SELECT genre_id FROM artist_genres WHERE artist_id = OLD.artist_id)
    AND NOT EXISTS (SELECT 1 FROM track_artists ta JOIN artist_genres ag ON ag.artist_id = ta.artist_id
      WHERE ta.track_id = OLD.track_id AND ag.genre_id = track_genres.genre_id);
  INSERT OR IGNORE INTO track_genres (track_id, genre_id)
    SELECT NEW.track_id, genre_id FROM artist_genres WHERE artist_id = NEW.artist_id;
END;
--> statement-breakpoint
CREATE TRIGGER track_genres_genre_insert AFTER INSERT ON artist_genres BEGIN
  INSERT OR IGNORE INTO track_genres (track_id, genre_id)
    SELECT track_id, NEW.genre_id FROM track_artists WHERE artist_id = NEW.artist_id;
END;
--> statement-breakpoint
CREATE TRIGGER track_genres_genre_delete AFTER DELETE ON artist_genres BEGIN
  DELETE FROM track_genres WHERE genre_id = OLD.genre_id
    AND track_id IN (SELECT track_id FROM track_artists WHERE artist_id = OLD.artist_id)
    AND NOT EXISTS (SELECT 1 FROM track_artists ta JOIN artist_genres ag ON ag.artist_id = ta.artist_id
      WHERE ta.track_id = track_genres.track_id AND ag.genre_id = OLD.genre_id);
END;
--> statement-breakpoint
CREATE TRIGGER track_genres_genre_update AFTER UPDATE OF artist_id, genre_id ON artist_genres BEGIN
  DELETE FROM track_genres WHERE genre_id = OLD.genre_id
    AND track_id IN (SELECT track_id FROM track_artists WHERE artist_id = OLD.artist_id)
    AND NOT EXISTS (SELECT 1 FROM track_artists ta JOIN artist_genres ag ON ag.artist_id = ta.artist_id
      WHERE ta.track_id = track_genres.track_id AND ag.genre_id = OLD.genre_id);
  INSERT OR IGNORE INTO track_genres (track_id, genre_id)
    SELECT track_id, NEW.genre_id FROM track_artists WHERE artist_id = NEW.artist_id;
END;

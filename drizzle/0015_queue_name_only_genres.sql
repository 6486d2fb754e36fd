-- Artists an export names without any id now get their genres too (ListenBrainz looks them up
-- by one of their recordings): queue those imported before, unless they have genres already.
INSERT OR IGNORE INTO `enrichment_queue` (`kind`, `target_id`, `next_attempt_at`, `created_at`)
  SELECT 'artist_genres', `a`.`id`, unixepoch() * 1000, unixepoch() * 1000 FROM `artists` `a`
  WHERE `a`.`spotify_id` IS NULL AND NOT EXISTS (SELECT 1 FROM `artist_genres` `g` WHERE `g`.`artist_id` = `a`.`id`);

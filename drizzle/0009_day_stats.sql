-- day_hour_stats summed once more: per local day (day_stats) and, over all time, per weekday and
-- hour (clock_stats). Ten years are about 26 000 day-hour rows but 3 650 days and 168 clock
-- cells, so the site-wide sums, the days chart, the history total and the all-time listening
-- clock read those instead. Triggers on day_hour_stats keep both exact (drizzle/0010, with the
-- monthly clock): every writer of plays (the plays triggers, bulk imports and seeding,
-- time-zone changes) goes through it. Rows may fall to 0; readers keep plays above 0 where it
-- matters.
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

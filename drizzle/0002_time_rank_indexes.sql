CREATE INDEX `album_stats_time_rank_idx` ON `album_stats` (`ms_played`,`plays`);--> statement-breakpoint
CREATE INDEX `artist_stats_time_rank_idx` ON `artist_stats` (`ms_played`,`plays`);--> statement-breakpoint
CREATE INDEX `genre_stats_time_rank_idx` ON `genre_stats` (`ms_played`,`plays`);--> statement-breakpoint
CREATE INDEX `track_stats_time_rank_idx` ON `track_stats` (`ms_played`,`plays`);
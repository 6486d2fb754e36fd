CREATE TABLE `track_genres` (
	`track_id` integer NOT NULL,
	`genre_id` integer NOT NULL,
	PRIMARY KEY(`track_id`, `genre_id`),
	FOREIGN KEY (`track_id`) REFERENCES `tracks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`genre_id`) REFERENCES `genres`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `track_genres_genre_idx` ON `track_genres` (`genre_id`,`track_id`);--> statement-breakpoint
CREATE INDEX `day_hour_stats_day_idx` ON `day_hour_stats` (`local_day`,`plays`,`ms_played`,`skips`);--> statement-breakpoint
CREATE INDEX `day_hour_stats_clock_idx` ON `day_hour_stats` (`local_weekday`,`local_hour`,`local_day`,`plays`,`ms_played`);
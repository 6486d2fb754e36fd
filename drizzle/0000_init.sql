CREATE TABLE `album_stats` (
	`id` integer PRIMARY KEY NOT NULL,
	`plays` integer NOT NULL,
	`ms_played` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `album_stats_rank_idx` ON `album_stats` (`plays`,`ms_played`);--> statement-breakpoint
CREATE TABLE `albums` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`spotify_id` text,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`artist_id` integer,
	`image_url` text,
	`release_date` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`artist_id`) REFERENCES `artists`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `albums_spotify_id_unique` ON `albums` (`spotify_id`);--> statement-breakpoint
CREATE INDEX `albums_artist_name_idx` ON `albums` (`artist_id`,`name_key`);--> statement-breakpoint
CREATE TABLE `artist_genres` (
	`artist_id` integer NOT NULL,
	`genre_id` integer NOT NULL,
	`weight` real DEFAULT 1 NOT NULL,
	`source` text NOT NULL,
	PRIMARY KEY(`artist_id`, `genre_id`),
	FOREIGN KEY (`artist_id`) REFERENCES `artists`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`genre_id`) REFERENCES `genres`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `artist_genres_genre_idx` ON `artist_genres` (`genre_id`,`artist_id`);--> statement-breakpoint
CREATE TABLE `artist_stats` (
	`id` integer PRIMARY KEY NOT NULL,
	`plays` integer NOT NULL,
	`ms_played` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `artist_stats_rank_idx` ON `artist_stats` (`plays`,`ms_played`);--> statement-breakpoint
CREATE TABLE `artists` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`spotify_id` text,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`image_url` text,
	`musicbrainz_id` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `artists_spotify_id_unique` ON `artists` (`spotify_id`);--> statement-breakpoint
CREATE INDEX `artists_name_key_idx` ON `artists` (`name_key`);--> statement-breakpoint
CREATE TABLE `day_hour_stats` (
	`local_day` text NOT NULL,
	`local_hour` integer NOT NULL,
	`local_weekday` integer NOT NULL,
	`plays` integer NOT NULL,
	`ms_played` integer NOT NULL,
	`skips` integer NOT NULL,
	PRIMARY KEY(`local_day`, `local_hour`)
);
--> statement-breakpoint
CREATE TABLE `genre_stats` (
	`id` integer PRIMARY KEY NOT NULL,
	`plays` integer NOT NULL,
	`ms_played` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `genre_stats_rank_idx` ON `genre_stats` (`plays`,`ms_played`);--> statement-breakpoint
CREATE TABLE `genres` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `genres_slug_unique` ON `genres` (`slug`);--> statement-breakpoint
CREATE TABLE `plays` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ended_at` integer NOT NULL,
	`track_id` integer NOT NULL,
	`ms_played` integer NOT NULL,
	`ms_played_estimated` integer NOT NULL,
	`source` text NOT NULL,
	`counted` integer NOT NULL,
	`local_day` text NOT NULL,
	`local_hour` integer NOT NULL,
	`local_weekday` integer NOT NULL,
	`platform` text,
	`shuffle` integer,
	`skipped` integer,
	`offline` integer,
	`reason_start` text,
	`reason_end` text,
	`context_uri` text,
	FOREIGN KEY (`track_id`) REFERENCES `tracks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plays_ended_at_idx` ON `plays` (`ended_at`);--> statement-breakpoint
CREATE INDEX `plays_range_idx` ON `plays` (`counted`,`local_day`,`track_id`,`ms_played`);--> statement-breakpoint
CREATE INDEX `plays_track_idx` ON `plays` (`track_id`,`counted`,`local_day`,`ms_played`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `track_artists` (
	`track_id` integer NOT NULL,
	`artist_id` integer NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`track_id`, `artist_id`),
	FOREIGN KEY (`track_id`) REFERENCES `tracks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`artist_id`) REFERENCES `artists`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `track_artists_artist_idx` ON `track_artists` (`artist_id`,`track_id`);--> statement-breakpoint
CREATE TABLE `track_stats` (
	`track_id` integer PRIMARY KEY NOT NULL,
	`plays` integer NOT NULL,
	`ms_played` integer NOT NULL,
	`skips` integer NOT NULL,
	`first_ended_at` integer,
	`last_ended_at` integer
);
--> statement-breakpoint
CREATE INDEX `track_stats_rank_idx` ON `track_stats` (`plays`,`ms_played`);--> statement-breakpoint
CREATE TABLE `tracks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`spotify_id` text,
	`name` text NOT NULL,
	`lookup_key` text NOT NULL,
	`album_id` integer,
	`duration_ms` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`album_id`) REFERENCES `albums`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tracks_spotify_id_unique` ON `tracks` (`spotify_id`);--> statement-breakpoint
CREATE INDEX `tracks_lookup_key_idx` ON `tracks` (`lookup_key`);--> statement-breakpoint
CREATE INDEX `tracks_album_idx` ON `tracks` (`album_id`);
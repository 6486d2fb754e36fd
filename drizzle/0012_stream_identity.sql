DROP INDEX `episode_plays_uri_ended_idx`;--> statement-breakpoint
ALTER TABLE `episode_plays` ADD `stream_key` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `episode_plays_stream_idx` ON `episode_plays` (`ended_at`,`stream_key`);--> statement-breakpoint
DROP INDEX `plays_track_ended_idx`;--> statement-breakpoint
DROP INDEX `plays_ended_at_idx`;--> statement-breakpoint
ALTER TABLE `plays` ADD `stream_key` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `plays_stream_idx` ON `plays` (`ended_at`,`stream_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `plays_api_track_ended_idx` ON `plays` (`track_id`,`ended_at`) WHERE source = 'api';
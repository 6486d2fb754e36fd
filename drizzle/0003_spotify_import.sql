CREATE TABLE `alerts` (
	`key` text PRIMARY KEY NOT NULL,
	`first_sent_at` integer NOT NULL,
	`last_sent_at` integer NOT NULL,
	`resolved_at` integer
);
--> statement-breakpoint
CREATE TABLE `enrichment_queue` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`target_id` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enrichment_queue_target_idx` ON `enrichment_queue` (`kind`,`target_id`);--> statement-breakpoint
CREATE INDEX `enrichment_queue_due_idx` ON `enrichment_queue` (`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `episode_plays` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`spotify_uri` text NOT NULL,
	`title` text,
	`show_name` text,
	`ended_at` integer NOT NULL,
	`ms_played` integer NOT NULL,
	`local_day` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `episode_plays_uri_ended_idx` ON `episode_plays` (`spotify_uri`,`ended_at`);--> statement-breakpoint
CREATE TABLE `gaps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`from_ms` integer NOT NULL,
	`to_ms` integer NOT NULL,
	`detected_at` integer NOT NULL,
	`closed_at` integer,
	`closed_by` text
);
--> statement-breakpoint
CREATE TABLE `ingest_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`trigger` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`status` text NOT NULL,
	`plays_fetched` integer DEFAULT 0 NOT NULL,
	`plays_inserted` integer DEFAULT 0 NOT NULL,
	`gap_detected` integer DEFAULT false NOT NULL,
	`enriched` integer DEFAULT 0 NOT NULL,
	`error` text,
	`duration_ms` integer
);
--> statement-breakpoint
CREATE INDEX `ingest_runs_started_idx` ON `ingest_runs` (`started_at`);--> statement-breakpoint
CREATE TABLE `spotify_accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`spotify_user_id` text NOT NULL,
	`display_name` text,
	`refresh_token_enc` text NOT NULL,
	`access_token_enc` text,
	`access_token_expires_at` integer,
	`scopes` text NOT NULL,
	`authorized_at` integer NOT NULL,
	`status` text NOT NULL,
	`status_reason` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `spotify_accounts_spotify_user_id_unique` ON `spotify_accounts` (`spotify_user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `plays_track_ended_idx` ON `plays` (`track_id`,`ended_at`);
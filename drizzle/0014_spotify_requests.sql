CREATE TABLE `spotify_requests` (
	`hour` integer NOT NULL,
	`purpose` text NOT NULL,
	`requests` integer NOT NULL,
	PRIMARY KEY(`hour`, `purpose`)
);

import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Artists known by Spotify id, or only by name (exports name the album artist without an id).
 * `nameKey` is the normalised name used to match name-only rows to known artists.
 */
export const artists = sqliteTable(
  'artists',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    spotifyId: text('spotify_id').unique(),
    name: text('name').notNull(),
    nameKey: text('name_key').notNull(),
    imageUrl: text('image_url'),
    musicbrainzId: text('musicbrainz_id'),
    createdAt: integer('created_at')
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
  },
  (table) => [index('artists_name_key_idx').on(table.nameKey)],
);
export type Artist = typeof artists.$inferSelect;
export type NewArtist = typeof artists.$inferInsert;

export const albums = sqliteTable(
  'albums',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    spotifyId: text('spotify_id').unique(),
    name: text('name').notNull(),
    nameKey: text('name_key').notNull(),
    artistId: integer('artist_id').references(() => artists.id),
    imageUrl: text('image_url'),
    releaseDate: text('release_date'),
    createdAt: integer('created_at')
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
  },
  (table) => [index('albums_artist_name_idx').on(table.artistId, table.nameKey)],
);
export type Album = typeof albums.$inferSelect;
export type NewAlbum = typeof albums.$inferInsert;

/**
 * `lookupKey` is "<artist name key>\u001f<track name key>": how name-only export rows
 * (no URIs) find a track that is already known.
 */
export const tracks = sqliteTable(
  'tracks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    spotifyId: text('spotify_id').unique(),
    name: text('name').notNull(),
    lookupKey: text('lookup_key').notNull(),
    albumId: integer('album_id').references(() => albums.id),
    durationMs: integer('duration_ms'),
    createdAt: integer('created_at')
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
  },
  (table) => [index('tracks_lookup_key_idx').on(table.lookupKey), index('tracks_album_idx').on(table.albumId)],
);
export type Track = typeof tracks.$inferSelect;
export type NewTrack = typeof tracks.$inferInsert;

/** Credits of a track, in Spotify's order (position 0 is the main artist). */
export const trackArtists = sqliteTable(
  'track_artists',
  {
    trackId: integer('track_id')
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    artistId: integer('artist_id')
      .notNull()
      .references(() => artists.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.trackId, table.artistId] }),
    index('track_artists_artist_idx').on(table.artistId, table.trackId),
  ],
);
export type TrackArtist = typeof trackArtists.$inferSelect;
export type NewTrackArtist = typeof trackArtists.$inferInsert;

export const genres = sqliteTable('genres', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
});
export type Genre = typeof genres.$inferSelect;
export type NewGenre = typeof genres.$inferInsert;

/** `weight` is 0..1: the genre's share of its artist's votes (1 for a sole genre). */
export const artistGenres = sqliteTable(
  'artist_genres',
  {
    artistId: integer('artist_id')
      .notNull()
      .references(() => artists.id, { onDelete: 'cascade' }),
    genreId: integer('genre_id')
      .notNull()
      .references(() => genres.id, { onDelete: 'cascade' }),
    weight: real('weight').notNull().default(1),
    source: text('source', { enum: ['spotify', 'musicbrainz', 'demo'] }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.artistId, table.genreId] }), index('artist_genres_genre_idx').on(table.genreId, table.artistId)],
);
export type ArtistGenre = typeof artistGenres.$inferSelect;

/**
 * Each track's distinct genres, through its artists: a play counts once per genre even when
 * several of its artists share it. Triggers on track_artists and artist_genres keep it exact
 * (drizzle/0006), so genre lists and genre pages read it instead of deduplicating every time.
 */
export const trackGenres = sqliteTable(
  'track_genres',
  {
    trackId: integer('track_id')
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    genreId: integer('genre_id')
      .notNull()
      .references(() => genres.id, { onDelete: 'cascade' }),
  },
  (table) => [primaryKey({ columns: [table.trackId, table.genreId] }), index('track_genres_genre_idx').on(table.genreId, table.trackId)],
);
export type NewArtistGenre = typeof artistGenres.$inferInsert;

/**
 * One stream of a track. `endedAt` is when playback ended (UTC ms) — both Spotify sources
 * report the end. The local day/hour/weekday are precomputed in SITE_TIMEZONE because
 * SQLite has no time zone functions. `counted` is false for skips (< 30 s in exports).
 *
 * `source` is where the play came from: the API (polled, ms precision), the extended export
 * (`export`, seconds) or account data (`account`, minutes). `streamKey` is the identity of the
 * export row the play holds (lib/import/stream-key.ts): a hash of every field of the row that
 * is not personal, so rows that differ in any of them are separate streams even when they end
 * in the same second. Polled plays have none until an export row merges into them; plays
 * imported before stream keys existed have none either and are recognised by their fields.
 */
export const plays = sqliteTable(
  'plays',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    endedAt: integer('ended_at').notNull(),
    trackId: integer('track_id')
      .notNull()
      .references(() => tracks.id),
    msPlayed: integer('ms_played').notNull(),
    msPlayedEstimated: integer('ms_played_estimated', { mode: 'boolean' }).notNull(),
    source: text('source', { enum: ['api', 'export', 'account'] }).notNull(),
    counted: integer('counted', { mode: 'boolean' }).notNull(),
    localDay: text('local_day').notNull(),
    localHour: integer('local_hour').notNull(),
    localWeekday: integer('local_weekday').notNull(),
    platform: text('platform'),
    shuffle: integer('shuffle', { mode: 'boolean' }),
    skipped: integer('skipped', { mode: 'boolean' }),
    offline: integer('offline', { mode: 'boolean' }),
    reasonStart: text('reason_start'),
    reasonEnd: text('reason_end'),
    contextUri: text('context_uri'),
    streamKey: integer('stream_key'),
  },
  (table) => [
    // An export row is stored once: a last guard against duplicates, and the merge's time index.
    uniqueIndex('plays_stream_idx').on(table.endedAt, table.streamKey),
    // The API reports a track ending in a given millisecond once: the ingest's last guard.
    uniqueIndex('plays_api_track_ended_idx')
      .on(table.trackId, table.endedAt)
      .where(sql`source = 'api'`),
    index('plays_range_idx').on(table.counted, table.localDay, table.trackId, table.msPlayed),
    index('plays_track_idx').on(table.trackId, table.counted, table.localDay, table.msPlayed),
  ],
);
export type Play = typeof plays.$inferSelect;
export type NewPlay = typeof plays.$inferInsert;

/** Small key/value facts about the database itself (e.g. the zone local days were computed in). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
export type Setting = typeof settings.$inferSelect;

/*
 * Rollups, so that long ranges do not rescan every play. `day_hour_stats` and `track_stats`
 * are kept exact by triggers on `plays` (see the rollups migration); the per-artist, album and
 * genre all-time tables are rebuilt from `track_stats` by rebuildEntityStats() after writes.
 * Days, the all-time clock and the monthly clock are summed again from `day_hour_stats` by
 * triggers (drizzle/0009, 0010), so it needs no index beyond its key.
 */
export const dayHourStats = sqliteTable(
  'day_hour_stats',
  {
    localDay: text('local_day').notNull(),
    localHour: integer('local_hour').notNull(),
    localWeekday: integer('local_weekday').notNull(),
    plays: integer('plays').notNull(),
    msPlayed: integer('ms_played').notNull(),
    skips: integer('skips').notNull(),
  },
  (table) => [primaryKey({ columns: [table.localDay, table.localHour] })],
);

// track_months (month 'YYYY-MM', track_id, plays, ms_played): counted plays per track per local
// month, kept by triggers like track_stats. It is a WITHOUT ROWID table, which Drizzle cannot
// declare, so it lives in drizzle/0007_track_months.sql alone; queries use it through SQL.

export const trackStats = sqliteTable(
  'track_stats',
  {
    trackId: integer('track_id').primaryKey(),
    plays: integer('plays').notNull(),
    msPlayed: integer('ms_played').notNull(),
    skips: integer('skips').notNull(),
    /** First and last counted play; null while the track has only skips. */
    firstEndedAt: integer('first_ended_at'),
    lastEndedAt: integer('last_ended_at'),
  },
  (table) => [
    index('track_stats_rank_idx').on(table.plays, table.msPlayed),
    index('track_stats_time_rank_idx').on(table.msPlayed, table.plays),
  ],
);

const entityStatsColumns = () => ({
  id: integer('id').primaryKey(),
  plays: integer('plays').notNull(),
  msPlayed: integer('ms_played').notNull(),
});
export const artistStats = sqliteTable('artist_stats', entityStatsColumns(), (table) => [
  index('artist_stats_rank_idx').on(table.plays, table.msPlayed),
  index('artist_stats_time_rank_idx').on(table.msPlayed, table.plays),
]);
export const albumStats = sqliteTable('album_stats', entityStatsColumns(), (table) => [
  index('album_stats_rank_idx').on(table.plays, table.msPlayed),
  index('album_stats_time_rank_idx').on(table.msPlayed, table.plays),
]);
export const genreStats = sqliteTable('genre_stats', entityStatsColumns(), (table) => [
  index('genre_stats_rank_idx').on(table.plays, table.msPlayed),
  index('genre_stats_time_rank_idx').on(table.msPlayed, table.plays),
]);

/**
 * Podcast episodes and audiobook chapters from exports: counted in import summaries, kept
 * apart from music so they never enter the music stats.
 */
export const episodePlays = sqliteTable(
  'episode_plays',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['episode', 'audiobook'] }).notNull(),
    spotifyUri: text('spotify_uri').notNull(),
    title: text('title'),
    showName: text('show_name'),
    endedAt: integer('ended_at').notNull(),
    msPlayed: integer('ms_played').notNull(),
    localDay: text('local_day').notNull(),
    /** As plays.stream_key; account-data rows carry `account-data:` URIs of their show and episode names. */
    streamKey: integer('stream_key'),
  },
  (table) => [uniqueIndex('episode_plays_stream_idx').on(table.endedAt, table.streamKey)],
);
export type EpisodePlay = typeof episodePlays.$inferSelect;
export type NewEpisodePlay = typeof episodePlays.$inferInsert;

/**
 * The owner's Spotify connection (one row). Tokens are stored only encrypted (AES-256-GCM,
 * key derived from AUTH_SECRET). Refresh tokens die 6 months after `authorizedAt`.
 */
export const spotifyAccounts = sqliteTable('spotify_accounts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  spotifyUserId: text('spotify_user_id').notNull().unique(),
  displayName: text('display_name'),
  refreshTokenEnc: text('refresh_token_enc').notNull(),
  accessTokenEnc: text('access_token_enc'),
  accessTokenExpiresAt: integer('access_token_expires_at'),
  scopes: text('scopes').notNull(),
  authorizedAt: integer('authorized_at').notNull(),
  status: text('status', { enum: ['connected', 'needs_reconnect'] }).notNull(),
  statusReason: text('status_reason'),
  updatedAt: integer('updated_at').notNull(),
});
export type SpotifyAccount = typeof spotifyAccounts.$inferSelect;
export type NewSpotifyAccount = typeof spotifyAccounts.$inferInsert;

/** One run of the ingest job, whatever its outcome. */
export const ingestRuns = sqliteTable(
  'ingest_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    trigger: text('trigger', { enum: ['cron', 'cli', 'manual'] }).notNull(),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
    status: text('status', {
      enum: ['running', 'ok', 'no_new_plays', 'busy', 'paused', 'failed', 'needs_reconnect', 'not_connected'],
    }).notNull(),
    playsFetched: integer('plays_fetched').notNull().default(0),
    playsInserted: integer('plays_inserted').notNull().default(0),
    gapDetected: integer('gap_detected', { mode: 'boolean' }).notNull().default(false),
    enriched: integer('enriched').notNull().default(0),
    error: text('error'),
    durationMs: integer('duration_ms'),
  },
  (table) => [index('ingest_runs_started_idx').on(table.startedAt)],
);
export type IngestRun = typeof ingestRuns.$inferSelect;
export type NewIngestRun = typeof ingestRuns.$inferInsert;

/** A window in which plays may have been lost (more than 50 plays between two polls). */
export const gaps = sqliteTable('gaps', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  fromMs: integer('from_ms').notNull(),
  toMs: integer('to_ms').notNull(),
  detectedAt: integer('detected_at').notNull(),
  closedAt: integer('closed_at'),
  closedBy: text('closed_by'),
});
export type Gap = typeof gaps.$inferSelect;
export type NewGap = typeof gaps.$inferInsert;

/**
 * Persistent work for enrichment, done most-visible first: artist images (`artist`) and album
 * art (`track_art`) from Spotify's oEmbed, which costs no API quota; genres from MusicBrainz
 * and ListenBrainz (`artist_genres`); credits of tracks made from an export, and tracks known
 * only by name (`track`, the only kind that spends the Spotify budget). A run takes what its
 * time allows; the next continues.
 */
export const enrichmentQueue = sqliteTable(
  'enrichment_queue',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['artist', 'artist_genres', 'track', 'track_art'] }).notNull(),
    targetId: integer('target_id').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [
    uniqueIndex('enrichment_queue_target_idx').on(table.kind, table.targetId),
    index('enrichment_queue_due_idx').on(table.nextAttemptAt),
  ],
);
export type EnrichmentTask = typeof enrichmentQueue.$inferSelect;
export type NewEnrichmentTask = typeof enrichmentQueue.$inferInsert;

/** Alerts already sent, so an incident alerts once rather than on every run. */
export const alerts = sqliteTable('alerts', {
  key: text('key').primaryKey(),
  firstSentAt: integer('first_sent_at').notNull(),
  lastSentAt: integer('last_sent_at').notNull(),
  resolvedAt: integer('resolved_at'),
});
export type Alert = typeof alerts.$inferSelect;

/**
 * Spotify Web API requests per hour and purpose: what Development Mode's rolling daily quota
 * counts, kept here so every run and every serverless instance sees the same tally. `hour` is
 * epoch ms / 3 600 000, rounded down. Polling is never refused; enrichment may only use
 * SPOTIFY_DAILY_BUDGET requests in any 24 hours (lib/spotify/budget.ts).
 */
export const spotifyRequests = sqliteTable(
  'spotify_requests',
  {
    hour: integer('hour').notNull(),
    purpose: text('purpose', { enum: ['poll', 'enrich'] }).notNull(),
    requests: integer('requests').notNull(),
  },
  (table) => [primaryKey({ columns: [table.hour, table.purpose] })],
);
export type SpotifyRequests = typeof spotifyRequests.$inferSelect;

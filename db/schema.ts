import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

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
    createdAt: integer('created_at').notNull().default(sql`(unixepoch() * 1000)`),
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
    createdAt: integer('created_at').notNull().default(sql`(unixepoch() * 1000)`),
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
    createdAt: integer('created_at').notNull().default(sql`(unixepoch() * 1000)`),
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
  (table) => [
    primaryKey({ columns: [table.artistId, table.genreId] }),
    index('artist_genres_genre_idx').on(table.genreId, table.artistId),
  ],
);
export type ArtistGenre = typeof artistGenres.$inferSelect;
export type NewArtistGenre = typeof artistGenres.$inferInsert;

/**
 * One stream of a track. `endedAt` is when playback ended (UTC ms) — both Spotify sources
 * report the end. The local day/hour/weekday are precomputed in SITE_TIMEZONE because
 * SQLite has no time zone functions. `counted` is false for skips (< 30 s in exports).
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
    source: text('source', { enum: ['api', 'export'] }).notNull(),
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
  },
  (table) => [
    index('plays_ended_at_idx').on(table.endedAt),
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

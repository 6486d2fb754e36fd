import { z } from 'zod';

/**
 * Zod schemas of the Spotify JSON this app reads, only the fields it uses. Development Mode
 * removed popularity, followers, email and (in practice) genres: nothing here requires them.
 */
export const spotifyImageSchema = z.object({ url: z.string().url(), width: z.number().nullish(), height: z.number().nullish() });

export const spotifySimpleArtistSchema = z.object({ id: z.string().min(1), name: z.string() });

export const spotifyAlbumSchema = z.object({
  id: z.string().min(1).nullable(),
  name: z.string(),
  images: z.array(spotifyImageSchema).default([]),
  release_date: z.string().nullish(),
  artists: z.array(spotifySimpleArtistSchema).default([]),
});

/** Local files have no id: they are skipped, not rejected. */
export const spotifyTrackSchema = z.object({
  id: z.string().min(1).nullable(),
  name: z.string(),
  duration_ms: z.number().int().nonnegative(),
  artists: z.array(spotifySimpleArtistSchema).min(1),
  album: spotifyAlbumSchema,
  is_local: z.boolean().optional(),
});

export const spotifyRecentlyPlayedSchema = z.object({
  items: z.array(
    z.object({
      track: spotifyTrackSchema,
      played_at: z.iso.datetime({ offset: true }),
      context: z.object({ type: z.string(), uri: z.string() }).nullish(),
    }),
  ),
  cursors: z.object({ after: z.string().nullish(), before: z.string().nullish() }).nullish(),
});

export const spotifyArtistSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  images: z.array(spotifyImageSchema).default([]),
  genres: z.array(z.string()).optional(),
});

export const spotifyTokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().int().positive(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
});

export const spotifyErrorSchema = z.object({
  error: z.union([z.string(), z.object({ status: z.number().optional(), message: z.string().optional(), reason: z.string().optional() })]),
  error_description: z.string().optional(),
});

export type SpotifyImage = z.infer<typeof spotifyImageSchema>;
export type SpotifyTrack = z.infer<typeof spotifyTrackSchema>;
export type SpotifyRecentlyPlayed = z.infer<typeof spotifyRecentlyPlayedSchema>;
export type SpotifyArtist = z.infer<typeof spotifyArtistSchema>;
export type SpotifyToken = z.infer<typeof spotifyTokenSchema>;

/** MusicBrainz: the URL entity of an open.spotify.com link, and an artist's genres. */
export const musicBrainzUrlSchema = z.object({
  relations: z
    .array(z.object({ 'target-type': z.string().optional(), artist: z.object({ id: z.string().min(1) }).optional() }))
    .default([]),
});

const votedName = z.object({ name: z.string().min(1), count: z.number().int() });
export const musicBrainzArtistSchema = z.object({
  id: z.string().min(1),
  genres: z.array(votedName).default([]),
  tags: z.array(votedName).default([]),
});
export type MusicBrainzArtist = z.infer<typeof musicBrainzArtistSchema>;

import type { SpotifyImage, SpotifyRecentlyPlayed, SpotifyTrack } from './types';

/** A track as the database needs it, from any Spotify response that carries a full track. */
export type MappedTrack = {
  spotifyId: string;
  name: string;
  durationMs: number;
  artists: { spotifyId: string; name: string }[];
  album: {
    spotifyId: string | null;
    name: string;
    imageUrl: string | null;
    releaseDate: string | null;
    artist: { spotifyId: string; name: string } | null;
  };
};

export type PolledPlay = { endedAt: number; track: MappedTrack; contextUri: string | null };

/** The image nearest 300 px wide: sharp in lists without pulling 640 px files. */
export function pickImage(images: readonly SpotifyImage[]): string | null {
  if (images.length === 0) return null;
  const ranked = [...images].sort((a, b) => Math.abs((a.width ?? 300) - 300) - Math.abs((b.width ?? 300) - 300));
  return ranked[0]!.url;
}

export function mapTrack(track: SpotifyTrack): MappedTrack | null {
  if (!track.id || track.is_local) return null;
  const albumArtist = track.album.artists[0] ?? track.artists[0]!;
  return {
    spotifyId: track.id,
    name: track.name,
    durationMs: track.duration_ms,
    artists: uniqueBy(track.artists, (a) => a.id).map((a) => ({ spotifyId: a.id, name: a.name })),
    album: {
      spotifyId: track.album.id,
      name: track.album.name,
      imageUrl: pickImage(track.album.images),
      releaseDate: track.album.release_date ?? null,
      artist: { spotifyId: albumArtist.id, name: albumArtist.name },
    },
  };
}

/** Plays oldest first; local files dropped. `played_at` marks the end of playback. */
export function mapRecentlyPlayed(response: SpotifyRecentlyPlayed): PolledPlay[] {
  const plays: PolledPlay[] = [];
  for (const item of response.items) {
    const track = mapTrack(item.track);
    if (track) plays.push({ endedAt: Date.parse(item.played_at), track, contextUri: item.context?.uri ?? null });
  }
  return plays.sort((a, b) => a.endedAt - b.endedAt);
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(key(item)) ? false : (seen.add(key(item)), true)));
}

import { nameKey, trackLookupKey } from '@/lib/names';
import type { SpotifyArtist, SpotifyImage, SpotifyRecentlyPlayed, SpotifyTrack } from './types';

/** An artist as the database stores it: `nameKey` matches it with export rows, which name it only. */
export type MappedArtist = { spotifyId: string; name: string; nameKey: string };

/**
 * A track as the database needs it, from any Spotify response that carries a full track, with
 * the keys an export row naming the same track, album or artist is matched by (lib/names).
 */
export type MappedTrack = {
  spotifyId: string;
  name: string;
  lookupKey: string;
  durationMs: number;
  artists: MappedArtist[];
  album: {
    spotifyId: string | null;
    name: string;
    nameKey: string;
    imageUrl: string | null;
    releaseDate: string | null;
    artist: MappedArtist | null;
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
    lookupKey: trackLookupKey(track.artists[0]!.name, track.name),
    durationMs: track.duration_ms,
    artists: uniqueBy(track.artists, (a) => a.id).map(mapArtist),
    album: {
      spotifyId: track.album.id,
      name: track.album.name,
      nameKey: nameKey(track.album.name),
      imageUrl: pickImage(track.album.images),
      releaseDate: track.album.release_date ?? null,
      artist: mapArtist(albumArtist),
    },
  };
}

const mapArtist = (artist: Pick<SpotifyArtist, 'id' | 'name'>): MappedArtist => ({
  spotifyId: artist.id,
  name: artist.name,
  nameKey: nameKey(artist.name),
});

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

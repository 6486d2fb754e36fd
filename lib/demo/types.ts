import type { NewAlbum, NewArtist, NewArtistGenre, NewGenre, NewTrack, NewTrackArtist } from '@/db/schema';

type WithId<T> = Omit<T, 'id'> & { id: number };

export type Catalog = {
  genres: WithId<NewGenre>[];
  artists: WithId<NewArtist>[];
  artistGenres: Omit<NewArtistGenre, 'source'>[];
  albums: WithId<NewAlbum>[];
  tracks: WithId<NewTrack>[];
  trackArtists: NewTrackArtist[];
  /** Track ids of each artist (by artist index), for drawing plays. */
  tracksByArtist: number[][];
};

export type PlayRow = {
  trackId: number;
  endedAt: number;
  msPlayed: number;
  counted: boolean;
  localDay: string;
  localHour: number;
  localWeekday: number;
};

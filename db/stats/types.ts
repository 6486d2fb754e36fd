import type { TopKind } from '@/lib/stats-kinds';

export type ArtistRef = { id: number; name: string };

export type TopItem = {
  id: number;
  rank: number;
  name: string;
  plays: number;
  msPlayed: number;
  /** Share of all counted plays (or listening time, by minutes) in the range, 0..1. */
  share: number;
  imageUrl: string | null;
  slug?: string;
  artists?: ArtistRef[];
  album?: { id: number; name: string } | null;
};

export type TopList = { kind: TopKind; items: TopItem[]; total: number };

/** A range's counted plays, their time, its skips, and the first and last day with a play. */
export type RangeSums = { plays: number; msPlayed: number; skips: number; firstDay: string | null; lastDay: string | null };

/** Distinct items with a counted play in a range. */
export type DistinctCounts = { tracks: number; artists: number; albums: number; genres: number };

export type Totals = RangeSums & DistinctCounts;

export type DayCount = { day: string; plays: number; msPlayed: number };
export type ClockCell = { weekday: number; hour: number; plays: number; msPlayed: number };

export type RecentPlay = {
  id: number;
  endedAt: number;
  msPlayed: number;
  counted: boolean;
  source: 'api' | 'export';
  trackId: number;
  trackName: string;
  album: { id: number; name: string } | null;
  imageUrl: string | null;
  artists: ArtistRef[];
};

export type GenreRef = { slug: string; name: string };

/** What each kind of detail page shows at its top. */
export type TrackInfo = {
  id: number;
  name: string;
  spotifyId: string | null;
  durationMs: number | null;
  albumId: number | null;
  albumName: string | null;
  imageUrl: string | null;
  artists: ArtistRef[];
};
export type ArtistInfo = { id: number; name: string; spotifyId: string | null; imageUrl: string | null; genres: GenreRef[] };
export type AlbumInfo = {
  id: number;
  name: string;
  spotifyId: string | null;
  imageUrl: string | null;
  releaseDate: string | null;
  artistId: number | null;
  artistName: string | null;
};
export type GenreInfo = { id: number; name: string; slug: string; artistCount: number };
export type ScopeInfo = { track: TrackInfo; artist: ArtistInfo; album: AlbumInfo; genre: GenreInfo };

export type Overview = {
  totals: Totals;
  days: DayCount[];
  clock: ClockCell[];
  top: Record<TopKind, TopList>;
  recent: RecentPlay[];
};

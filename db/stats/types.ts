import type { TopKind } from './fragments';

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

export type Overview = {
  totals: Totals;
  days: DayCount[];
  clock: ClockCell[];
  top: Record<TopKind, TopList>;
  recent: RecentPlay[];
};

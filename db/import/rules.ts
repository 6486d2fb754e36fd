import type { planEpisodes } from '@/lib/import/episode-merge';
import type { planMerge } from '@/lib/import/merge';
import type { LocalParts } from '@/lib/time';

/**
 * The domain rules an import writes by, from lib/ (lib/import/rules.ts builds them): the
 * database code knows how to read and write plays, not when two rows are one stream, what
 * counts as a play, or how names are matched.
 */
export type ImportRules = {
  /** The owner's local day, hour and weekday of an instant. */
  localParts: (endedAt: number) => LocalParts;
  /** Whether a stream of this length counts as a play (else it is kept as a skip). */
  isCounted: (msPlayed: number) => boolean;
  /** How far around a batch stored plays must be read to find every possible match. */
  matchMarginMs: number;
  /** What becomes of each incoming row given the stored plays around it. */
  planMerge: typeof planMerge;
  planEpisodes: typeof planEpisodes;
  /** The keys tracks, artists and albums are matched by when an export row names them. */
  trackLookupKey: (artistName: string, trackName: string) => string;
  nameKey: (name: string) => string;
};

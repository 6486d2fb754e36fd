/**
 * The words the stats pages and their queries share. Pure: the pages, lib/ and db/stats/ all
 * speak them, so they live below all three.
 */

/** What a top list ranks. */
export type TopKind = 'tracks' | 'artists' | 'albums' | 'genres';
export const TOP_KINDS: readonly TopKind[] = ['tracks', 'artists', 'albums', 'genres'];

export function isTopKind(value: string): value is TopKind {
  return (TOP_KINDS as readonly string[]).includes(value);
}

/** What a detail page is about. */
export type ScopeKind = 'track' | 'artist' | 'album' | 'genre';

/** Narrows a stats read to one track, artist, album or genre. */
export type Scope = { kind: ScopeKind; id: number };

/** What a list ranks by and a chart measures. */
export type Metric = 'plays' | 'minutes';

/** How a range's plays-over-time chart groups its days. */
export type Granularity = 'day' | 'week' | 'month';

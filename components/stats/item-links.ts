import type { TopItem } from '@/db/stats/types';
import type { TopKind } from '@/lib/stats-kinds';

export const KIND_LABELS: Record<TopKind, { singular: string; plural: string }> = {
  tracks: { singular: 'Track', plural: 'Tracks' },
  artists: { singular: 'Artist', plural: 'Artists' },
  albums: { singular: 'Album', plural: 'Albums' },
  genres: { singular: 'Genre', plural: 'Genres' },
};

export function itemHref(kind: TopKind, item: Pick<TopItem, 'id' | 'slug'>, query: string): string {
  const key = kind === 'genres' ? encodeURIComponent(item.slug ?? String(item.id)) : String(item.id);
  return `/${kind}/${key}${query}`;
}

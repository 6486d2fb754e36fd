import type { Metadata } from 'next';
import { TopListPage } from '@/components/stats/top-list-page';
import type { SearchParams } from '@/lib/range';

export const metadata: Metadata = { title: 'Top tracks' };

export default function TopTracksPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return <TopListPage kind="tracks" searchParams={searchParams} />;
}

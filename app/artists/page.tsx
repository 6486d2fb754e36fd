import type { Metadata } from 'next';
import { TopListPage } from '@/components/stats/top-list-page';
import type { SearchParams } from '@/lib/range';

export const metadata: Metadata = { title: 'Top artists' };

export default function TopArtistsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return <TopListPage kind="artists" searchParams={searchParams} />;
}

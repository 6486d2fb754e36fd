import type { Metadata } from 'next';
import { TopListPage } from '@/components/stats/top-list-page';
import type { SearchParams } from '@/lib/range';

export const metadata: Metadata = { title: 'Top genres' };

export default function TopGenresPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return <TopListPage kind="genres" searchParams={searchParams} />;
}

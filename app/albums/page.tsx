import type { Metadata } from 'next';
import { TopListPage } from '@/components/stats/top-list-page';
import type { SearchParams } from '@/lib/range';

export const metadata: Metadata = { title: 'Top albums' };

export default function TopAlbumsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return <TopListPage kind="albums" searchParams={searchParams} />;
}

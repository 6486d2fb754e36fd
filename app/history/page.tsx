import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { InvalidQuery, NoPlaysInRange } from '@/components/stats/notices';
import { PageSkeleton } from '@/components/stats/page-skeleton';
import { RecentPlays } from '@/components/stats/recent-plays';
import { loadStatsContext } from '@/components/stats/stats-context';
import { formatNumber } from '@/lib/format';
import { firstParam, parseLimit, rangeSearch, type SearchParams } from '@/lib/range';
import { getHistoryPage } from '@/lib/stats';

export const metadata: Metadata = { title: 'History' };

const PAGE_SIZE = 50;
type Props = { searchParams: Promise<SearchParams> };

export default function HistoryPage({ searchParams }: Props) {
  return (
    <Suspense fallback={<PageSkeleton />}>
      <History searchParams={searchParams} />
    </Suspense>
  );
}

async function History({ searchParams }: Props) {
  const loaded = await loadStatsContext('/history', searchParams);
  if (!loaded.ok) return loaded.notice;
  const page = parseLimit(firstParam(await searchParams, 'page'), 1, 1_000_000);
  if (!page.ok) {
    return <InvalidQuery error={{ param: 'page', message: '"page" must be a whole number from 1.' }} pathname="/history" />;
  }
  const { range, rangeKey, by, query, timeZone, picker } = loaded.context;
  const { plays, total } = await getHistoryPage({ range: rangeKey, limit: PAGE_SIZE, offset: (page.value - 1) * PAGE_SIZE });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const pageHref = (n: number) => `/history${rangeSearch(range, by, n > 1 ? { page: String(n) } : {})}`;
  return (
    <div className="flex flex-col gap-4 pt-4">
      <h1 className="text-3xl font-bold tracking-tight">History</h1>
      {picker}
      {plays.length === 0 ? (
        <NoPlaysInRange />
      ) : (
        <>
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="history-count">
            {formatNumber(total)} streams, skips included · page {formatNumber(page.value)} of {formatNumber(pages)}
          </p>
          <RecentPlays plays={plays} timeZone={timeZone} query={query} />
          <nav aria-label="Pages" className="flex items-center justify-between text-sm font-medium">
            {page.value > 1 ? (
              <Link href={pageHref(page.value - 1)} rel="prev" className="hover:underline">
                ← Newer
              </Link>
            ) : (
              <span />
            )}
            {page.value < pages ? (
              <Link href={pageHref(page.value + 1)} rel="next" className="hover:underline">
                Older →
              </Link>
            ) : (
              <span />
            )}
          </nav>
        </>
      )}
    </div>
  );
}

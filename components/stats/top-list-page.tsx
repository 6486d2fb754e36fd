import Link from 'next/link';
import { Suspense } from 'react';
import { formatNumber } from '@/lib/format';
import { firstParam, parseLimit, rangeSearch, type SearchParams } from '@/lib/range';
import { getTopList } from '@/lib/stats';
import type { TopKind } from '@/lib/stats-kinds';
import { KIND_LABELS } from './item-links';
import { InvalidQuery, NoPlaysInRange } from './notices';
import { PageSkeleton } from './page-skeleton';
import { loadStatsContext } from './stats-context';
import { TopList } from './top-list';

export const PAGE_SIZE = 50;
export const MAX_LIMIT = 500;

type Props = { kind: TopKind; searchParams: Promise<SearchParams> };

export function TopListPage(props: Props) {
  return (
    <Suspense fallback={<PageSkeleton />}>
      <TopListContent {...props} />
    </Suspense>
  );
}

async function TopListContent({ kind, searchParams }: Props) {
  const pathname = `/${kind}`;
  const loaded = await loadStatsContext(pathname, searchParams);
  if (!loaded.ok) return loaded.notice;
  const limit = parseLimit(firstParam(await searchParams, 'limit'), PAGE_SIZE, MAX_LIMIT);
  if (!limit.ok) return <InvalidQuery error={limit.error} pathname={pathname} />;
  const { range, rangeKey, by, query, picker } = loaded.context;
  const { list } = await getTopList({ range: rangeKey, kind, by, limit: limit.value });
  const label = KIND_LABELS[kind].plural;
  const nextLimit = Math.min(MAX_LIMIT, limit.value + PAGE_SIZE);
  return (
    <div className="flex flex-col gap-4 pt-4">
      <h1 className="text-3xl font-bold tracking-tight">Top {label.toLowerCase()}</h1>
      {picker}
      {list.items.length === 0 ? (
        <NoPlaysInRange />
      ) : (
        <>
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="list-count">
            Showing {formatNumber(list.items.length)} of {formatNumber(list.total)} {label.toLowerCase()}
          </p>
          <TopList kind={kind} items={list.items} by={by} query={query} />
          {list.total > list.items.length && limit.value < MAX_LIMIT && (
            <Link
              href={`${pathname}${rangeSearch(range, by, { limit: String(nextLimit) })}`}
              scroll={false}
              className="self-center rounded-full bg-zinc-900 px-5 py-2 text-sm font-semibold text-white hover:bg-zinc-700 dark:bg-white dark:text-zinc-900"
            >
              Show more
            </Link>
          )}
        </>
      )}
    </div>
  );
}

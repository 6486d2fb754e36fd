import Link from 'next/link';
import { Suspense } from 'react';
import { PlaysOverTime } from '@/components/charts/plays-over-time';
import { Card } from '@/components/stats/card';
import { KIND_LABELS } from '@/components/stats/item-links';
import { ListeningClock } from '@/components/stats/listening-clock';
import { NoPlaysInRange } from '@/components/stats/notices';
import { PageSkeleton } from '@/components/stats/page-skeleton';
import { RecentPlays } from '@/components/stats/recent-plays';
import { StatTiles } from '@/components/stats/stat-tiles';
import { loadStatsContext } from '@/components/stats/stats-context';
import { TopList } from '@/components/stats/top-list';
import type { SearchParams } from '@/lib/range';
import { buildSeries } from '@/lib/series';
import { getOverview } from '@/lib/stats';
import { TOP_KINDS } from '@/lib/stats-kinds';

type Props = { searchParams: Promise<SearchParams> };

export default function OverviewPage({ searchParams }: Props) {
  return (
    <Suspense fallback={<PageSkeleton />}>
      <Overview searchParams={searchParams} />
    </Suspense>
  );
}

async function Overview({ searchParams }: Props) {
  const loaded = await loadStatsContext('/', searchParams);
  if (!loaded.ok) return loaded.notice;
  const { range, rangeKey, by, query, timeZone, picker } = loaded.context;
  const overview = await getOverview({ range: rangeKey, by });
  return (
    <div className="flex flex-col gap-6 pt-4">
      <h1 className="sr-only">Overview</h1>
      {picker}
      {overview.totals.plays === 0 ? (
        <NoPlaysInRange />
      ) : (
        <>
          <StatTiles totals={overview.totals} />
          <div className="grid gap-6 lg:grid-cols-3">
            <div className="lg:col-span-2">
              <Card title="Listening over time" id="over-time">
                <PlaysOverTime
                  points={buildSeries(overview.days, range.fromDay, range.toDay, range.granularity)}
                  by={by}
                  granularity={range.granularity}
                />
              </Card>
            </div>
            <Card title="Listening clock" id="clock">
              <ListeningClock cells={overview.clock} by={by} timeZone={timeZone} />
            </Card>
          </div>
          <div className="grid gap-6 md:grid-cols-2">
            {TOP_KINDS.map((kind) => (
              <Card
                key={kind}
                id={`top-${kind}`}
                title={`Top ${KIND_LABELS[kind].plural.toLowerCase()}`}
                action={
                  <Link href={`/${kind}${query}`} className="text-accent-strong dark:text-accent text-sm font-medium hover:underline">
                    See all {KIND_LABELS[kind].plural.toLowerCase()}
                  </Link>
                }
              >
                <TopList kind={kind} items={overview.top[kind].items} by={by} query={query} compact />
              </Card>
            ))}
          </div>
        </>
      )}
      {overview.recent.length > 0 && (
        <Card
          title="Last plays"
          id="recent"
          action={
            <Link href={`/history${query}`} className="text-accent-strong dark:text-accent text-sm font-medium hover:underline">
              Full history
            </Link>
          }
        >
          <RecentPlays plays={overview.recent} timeZone={timeZone} query={query} />
        </Card>
      )}
    </div>
  );
}

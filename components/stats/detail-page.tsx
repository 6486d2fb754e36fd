import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { PlaysOverTime } from '@/components/charts/plays-over-time';
import { formatDateTime, formatDuration, formatNumber } from '@/lib/format';
import type { SearchParams } from '@/lib/range';
import { buildSeries } from '@/lib/series';
import { getGenreId, getScopeDetail } from '@/lib/stats';
import type { ScopeKind, TopKind } from '@/lib/stats-kinds';
import { Card } from './card';
import { DetailHeader } from './detail-header';
import { KIND_LABELS } from './item-links';
import { PageSkeleton } from './page-skeleton';
import { loadStatsContext } from './stats-context';
import { TopList } from './top-list';

const LISTS: Record<ScopeKind, TopKind[]> = {
  track: [],
  artist: ['tracks', 'albums'],
  album: ['tracks'],
  genre: ['artists', 'tracks'],
};
const PATHS = { track: 'tracks', artist: 'artists', album: 'albums', genre: 'genres' } as const;

type Props = { kind: ScopeKind; params: Promise<{ id?: string; slug?: string }>; searchParams: Promise<SearchParams> };

export function DetailPage(props: Props) {
  return (
    <Suspense fallback={<PageSkeleton />}>
      <DetailContent {...props} />
    </Suspense>
  );
}

async function resolveId(kind: ScopeKind, params: { id?: string; slug?: string }): Promise<number | null> {
  if (kind === 'genre') return params.slug ? getGenreId(decodeURIComponent(params.slug)) : null;
  const id = Number(params.id);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

async function DetailContent({ kind, params, searchParams }: Props) {
  const resolved = await params;
  const id = await resolveId(kind, resolved);
  if (id === null) notFound();
  const pathname = `/${PATHS[kind]}/${resolved.id ?? resolved.slug}`;
  const loaded = await loadStatsContext(pathname, searchParams);
  if (!loaded.ok) return loaded.notice;
  const { range, rangeKey, by, query, timeZone, picker } = loaded.context;
  const detail = await getScopeDetail({ range: rangeKey, scope: { kind, id }, by, lists: LISTS[kind] });
  if (!detail) notFound();
  const { lifetime, totals } = detail;
  const facts = [
    { label: 'Plays in period', value: formatNumber(totals.plays), id: 'plays' },
    { label: 'Time in period', value: formatDuration(totals.msPlayed), id: 'time' },
    { label: 'Skips in period', value: formatNumber(totals.skips), id: 'skips' },
    { label: 'All-time plays', value: formatNumber(lifetime.plays), id: 'lifetime-plays' },
    { label: 'First played', value: lifetime.firstEndedAt ? formatDateTime(lifetime.firstEndedAt, timeZone) : '—', id: 'first' },
    { label: 'Last played', value: lifetime.lastEndedAt ? formatDateTime(lifetime.lastEndedAt, timeZone) : '—', id: 'last' },
  ];
  return (
    <div className="flex flex-col gap-6">
      <DetailHeader kind={kind} info={detail.info} query={query} />
      {picker}
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {facts.map((fact) => (
          <div key={fact.id} className="rounded-xl bg-white p-4 shadow-sm dark:bg-zinc-900" data-testid={`fact-${fact.id}`}>
            <dt className="text-xs font-medium tracking-wide text-zinc-600 uppercase dark:text-zinc-400">{fact.label}</dt>
            <dd className="mt-1 text-lg font-bold tabular-nums">{fact.value}</dd>
          </div>
        ))}
      </dl>
      <Card title="Plays over time" id="over-time">
        <PlaysOverTime
          points={buildSeries(detail.days, range.fromDay, range.toDay, range.granularity)}
          by={by}
          granularity={range.granularity}
        />
      </Card>
      <div className="grid gap-6 md:grid-cols-2">
        {LISTS[kind].map((listKind) => (
          <Card key={listKind} title={`Top ${KIND_LABELS[listKind].plural.toLowerCase()}`} id={`detail-${listKind}`}>
            {detail.lists[listKind]?.items.length ? (
              <TopList kind={listKind} items={detail.lists[listKind].items} by={by} query={query} compact />
            ) : (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">No plays in this period.</p>
            )}
          </Card>
        ))}
      </div>
    </div>
  );
}

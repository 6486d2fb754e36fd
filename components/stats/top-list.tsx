import Link from 'next/link';
import type { TopItem } from '@/db/stats/types';
import { formatDuration, formatNumber, formatPercent } from '@/lib/format';
import type { Metric, TopKind } from '@/lib/stats-kinds';
import { ArtistNames } from './artist-names';
import { Artwork } from './artwork';
import { itemHref, KIND_LABELS } from './item-links';

type Props = { kind: TopKind; items: TopItem[]; by: Metric; query: string; compact?: boolean; caption?: string };

/** A ranked table: rank, artwork, name (and artists), plays, listening time and share. */
export function TopList({ kind, items, by, query, compact = false, caption }: Props) {
  const label = KIND_LABELS[kind];
  return (
    <table className="w-full border-separate border-spacing-y-1 text-sm" data-testid={`top-${kind}`}>
      <caption className="sr-only">{caption ?? `Top ${label.plural.toLowerCase()}, ranked by ${by}`}</caption>
      <thead className={compact ? 'sr-only' : 'text-left text-xs tracking-wide text-zinc-600 uppercase dark:text-zinc-400'}>
        <tr>
          <th scope="col" className="w-10 px-2 font-medium">
            #
          </th>
          <th scope="col" className="px-2 font-medium">
            {label.singular}
          </th>
          <th scope="col" className="px-2 text-right font-medium">
            Plays
          </th>
          <th scope="col" className={`px-2 text-right font-medium ${compact ? '' : 'hidden sm:table-cell'}`}>
            Time
          </th>
          {!compact && (
            <th scope="col" className="hidden px-2 text-right font-medium md:table-cell">
              Share
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id} className="bg-white dark:bg-zinc-900" data-testid="top-row">
            <td className="rounded-l-lg px-2 py-1.5 text-right text-zinc-600 tabular-nums dark:text-zinc-400">{item.rank}</td>
            <td className="px-2 py-1.5">
              <div className="flex items-center gap-3">
                {kind !== 'genres' && <Artwork src={item.imageUrl} name={item.name} size={compact ? 36 : 44} round={kind === 'artists'} />}
                <div className="min-w-0">
                  <Link href={itemHref(kind, item, query)} className="name font-medium hover:underline" data-testid="item-name">
                    {item.name}
                  </Link>
                  {item.artists && item.artists.length > 0 && (
                    <div className="truncate text-xs text-zinc-600 dark:text-zinc-400">
                      <ArtistNames artists={item.artists} query={query} />
                    </div>
                  )}
                </div>
              </div>
            </td>
            <td className="px-2 py-1.5 text-right font-semibold tabular-nums" data-testid="item-plays">
              {formatNumber(item.plays)}
            </td>
            <td
              className={`px-2 py-1.5 text-right text-zinc-600 tabular-nums dark:text-zinc-400 ${compact ? 'rounded-r-lg' : 'hidden sm:table-cell'}`}
            >
              {formatDuration(item.msPlayed)}
            </td>
            {!compact && (
              <td className="hidden rounded-r-lg px-2 py-1.5 md:table-cell">
                <div className="flex items-center justify-end gap-2">
                  <div className="h-1.5 w-20 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800" aria-hidden="true">
                    <div className="bg-accent h-full" style={{ width: `${Math.min(100, item.share * 100)}%` }} />
                  </div>
                  <span className="w-12 text-right text-zinc-600 tabular-nums dark:text-zinc-400">{formatPercent(item.share)}</span>
                </div>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

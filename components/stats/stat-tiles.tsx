import type { Totals } from '@/db/stats/types';
import { formatDuration, formatNumber } from '@/lib/format';

export function StatTiles({ totals }: { totals: Totals }) {
  const tiles = [
    { label: 'Plays', value: formatNumber(totals.plays), id: 'plays' },
    { label: 'Listening time', value: formatDuration(totals.msPlayed), id: 'time' },
    { label: 'Tracks', value: formatNumber(totals.tracks), id: 'tracks' },
    { label: 'Artists', value: formatNumber(totals.artists), id: 'artists' },
    { label: 'Albums', value: formatNumber(totals.albums), id: 'albums' },
    { label: 'Skips', value: formatNumber(totals.skips), id: 'skips' },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
      {tiles.map((tile) => (
        <div key={tile.id} className="rounded-xl bg-white p-4 shadow-sm dark:bg-zinc-900" data-testid={`total-${tile.id}`}>
          <dt className="text-xs font-medium tracking-wide text-zinc-600 uppercase dark:text-zinc-400">{tile.label}</dt>
          <dd className="mt-1 text-2xl font-bold tabular-nums">{tile.value}</dd>
        </div>
      ))}
    </dl>
  );
}

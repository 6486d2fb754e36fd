import { formatNumber } from '@/lib/format';
import type { Granularity, Metric } from '@/lib/stats-kinds';
import type { SeriesPoint } from '@/lib/series';
import { PlaysChart } from './plays-chart';

const PER: Record<Granularity, string> = { day: 'day', week: 'week', month: 'month' };

/** The chart plus a written summary and the full data table for readers who cannot see it. */
export function PlaysOverTime({ points, by, granularity }: { points: SeriesPoint[]; by: Metric; granularity: Granularity }) {
  const unit = by === 'minutes' ? 'min' : 'plays';
  const values = points.map((point) => ({
    label: point.label,
    value: by === 'minutes' ? Math.round(point.msPlayed / 60_000) : point.plays,
  }));
  const peak = values.reduce((best, point) => (point.value > best.value ? point : best), values[0] ?? { label: '', value: 0 });
  const total = values.reduce((sum, point) => sum + point.value, 0);
  const summary =
    values.length === 0
      ? 'No plays in this period.'
      : `${by === 'minutes' ? 'Minutes' : 'Plays'} per ${PER[granularity]}, ${values[0]!.label} to ${values.at(-1)!.label}: ` +
        `average ${formatNumber(Math.round(total / values.length))}, peak ${formatNumber(peak.value)} (${peak.label}).`;
  return (
    <figure>
      <PlaysChart points={values} unit={unit} />
      <figcaption className="mt-2 text-xs text-zinc-600 dark:text-zinc-400" data-testid="chart-summary">
        {summary}
      </figcaption>
      {values.length > 0 && (
        <details className="mt-1 text-xs">
          <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">Show the data</summary>
          <table className="mt-2">
            <thead>
              <tr>
                <th scope="col" className="pr-4 text-left">
                  Period
                </th>
                <th scope="col" className="text-right">
                  {by === 'minutes' ? 'Minutes' : 'Plays'}
                </th>
              </tr>
            </thead>
            <tbody>
              {values.map((point) => (
                <tr key={point.label}>
                  <td className="pr-4">{point.label}</td>
                  <td className="text-right tabular-nums">{formatNumber(point.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}

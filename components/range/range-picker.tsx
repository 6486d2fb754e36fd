import Link from 'next/link';
import { RANGE_PRESETS, rangeSearch, type Metric, type StatsRange } from '@/lib/range';

type Props = {
  pathname: string;
  range: StatsRange;
  by: Metric;
  /** Calendar years that have plays, newest first. */
  years: string[];
};

const pill = 'rounded-full px-3 py-1 text-sm font-medium transition-colors';
const activePill = `${pill} bg-accent text-zinc-950`;
const idlePill = `${pill} bg-zinc-200/70 text-zinc-800 hover:bg-zinc-300 dark:bg-zinc-800 dark:text-zinc-200 dark:hover:bg-zinc-700`;

function presetRange(key: string): StatsRange {
  return { key, label: key, fromDay: '', toDay: '', granularity: 'day' };
}

export function RangePicker({ pathname, range, by, years }: Props) {
  const choices = [...RANGE_PRESETS.map((p) => ({ key: p.key, label: p.label })), ...years.map((y) => ({ key: y, label: y }))];
  return (
    <section aria-label="Period" className="flex flex-col gap-3 py-4" data-testid="range-picker">
      <div className="flex flex-wrap items-center gap-2">
        {choices.map((choice) => (
          <Link
            key={choice.key}
            href={`${pathname}${rangeSearch(presetRange(choice.key), by)}`}
            className={range.key === choice.key ? activePill : idlePill}
            aria-current={range.key === choice.key ? 'true' : undefined}
          >
            {choice.label}
          </Link>
        ))}
      </div>
      <div className="flex flex-wrap items-end gap-4">
        <form method="get" action={pathname} className="flex flex-wrap items-end gap-2" aria-label="Custom period">
          <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
            From
            <input
              type="date"
              name="from"
              required
              defaultValue={range.key === 'custom' ? range.fromDay : ''}
              className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
            />
          </label>
          <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
            To
            <input
              type="date"
              name="to"
              required
              defaultValue={range.key === 'custom' ? range.toDay : ''}
              className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
            />
          </label>
          {by !== 'plays' && <input type="hidden" name="by" value={by} />}
          <button type="submit" className={idlePill}>
            Show period
          </button>
        </form>
        <div className="flex items-center gap-1 text-sm" role="group" aria-label="Rank by">
          <span className="mr-1 text-zinc-600 dark:text-zinc-400">Rank by</span>
          {(['plays', 'minutes'] as const).map((metric) => (
            <Link
              key={metric}
              href={`${pathname}${rangeSearch(range, metric)}`}
              className={by === metric ? activePill : idlePill}
              aria-current={by === metric ? 'true' : undefined}
            >
              {metric === 'plays' ? 'Plays' : 'Minutes'}
            </Link>
          ))}
        </div>
      </div>
      <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="range-label">
        {range.label}
        {range.key !== 'all' && range.key !== 'custom' && ` · ${range.fromDay} – ${range.toDay}`}
      </p>
    </section>
  );
}

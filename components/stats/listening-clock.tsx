import type { ClockCell } from '@/db/stats/types';
import { formatDuration, formatNumber, WEEKDAYS } from '@/lib/format';
import type { Metric } from '@/lib/stats-kinds';

/** Hour × weekday heatmap as a real table, so screen readers get every number. */
export function ListeningClock({ cells, by, timeZone }: { cells: ClockCell[]; by: Metric; timeZone: string }) {
  const grid = new Map(cells.map((cell) => [`${cell.weekday}-${cell.hour}`, cell]));
  const value = (cell: ClockCell | undefined) => (cell ? (by === 'minutes' ? cell.msPlayed : cell.plays) : 0);
  const max = Math.max(1, ...cells.map((cell) => value(cell)));
  return (
    <div className="overflow-x-auto">
      <table className="w-full table-fixed border-separate border-spacing-0.5 text-[10px]" data-testid="listening-clock">
        <caption className="sr-only">
          {by === 'minutes' ? 'Listening time' : 'Plays'} by weekday and hour of day ({timeZone})
        </caption>
        <thead>
          <tr>
            <th scope="col" className="w-9">
              <span className="sr-only">Weekday</span>
            </th>
            {Array.from({ length: 24 }, (_, hour) => (
              <th key={hour} scope="col" className="font-normal text-zinc-600 dark:text-zinc-400">
                {hour % 3 === 0 ? hour : <span className="sr-only">{hour}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {WEEKDAYS.map((day, weekday) => (
            <tr key={day}>
              <th scope="row" className="pr-1 text-left font-medium text-zinc-600 dark:text-zinc-400">
                {day}
              </th>
              {Array.from({ length: 24 }, (_, hour) => {
                const cell = grid.get(`${weekday}-${hour}`);
                const intensity = value(cell) / max;
                const text = by === 'minutes' ? formatDuration(cell?.msPlayed ?? 0) : `${formatNumber(cell?.plays ?? 0)} plays`;
                return (
                  <td key={hour} title={`${day} ${hour}:00 — ${text}`} className="h-5 rounded-sm bg-zinc-200 dark:bg-zinc-800">
                    <div
                      className="bg-accent h-full w-full rounded-sm"
                      style={{ opacity: intensity === 0 ? 0 : 0.15 + intensity * 0.85 }}
                    />
                    <span className="sr-only">{text}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import type { IngestRun } from '@/db/schema';
import { formatDateTime } from '@/lib/format';

export function RunsTable({ runs, timeZone }: { runs: IngestRun[]; timeZone: string }) {
  if (runs.length === 0) return <p>No runs yet. The ingest job runs on its schedule, or with npm run ingest.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="runs">
        <thead>
          <tr>
            <th scope="col" className="py-1 pr-3">
              Started
            </th>
            <th scope="col" className="py-1 pr-3">
              Trigger
            </th>
            <th scope="col" className="py-1 pr-3">
              Status
            </th>
            <th scope="col" className="py-1 pr-3 text-right">
              Fetched
            </th>
            <th scope="col" className="py-1 pr-3 text-right">
              New plays
            </th>
            <th scope="col" className="py-1 pr-3 text-right">
              Enriched
            </th>
            <th scope="col" className="py-1 pr-3">
              Error
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="py-1 pr-3 whitespace-nowrap">{formatDateTime(run.startedAt, timeZone)}</td>
              <td className="py-1 pr-3">{run.trigger}</td>
              <td className="py-1 pr-3">
                {run.status}
                {run.gapDetected ? ' (gap)' : ''}
              </td>
              <td className="py-1 pr-3 text-right">{run.playsFetched}</td>
              <td className="py-1 pr-3 text-right">{run.playsInserted}</td>
              <td className="py-1 pr-3 text-right">{run.enriched}</td>
              <td className="py-1 pr-3 break-all">{run.error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

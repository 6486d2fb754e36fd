import type { QueueKind, QueueKindCount } from '@/db/enrich/queue-stats';
import type { RequestCounts } from '@/db/ingest/spotify-requests';
import { describeEta, type QueueEstimate } from '@/lib/enrich/estimate';
import { formatNumber } from '@/lib/format';

export const QUEUE_KIND_LABELS: Record<QueueKind, string> = {
  track_art: 'Album art (oEmbed)',
  artist: 'Artist pictures (oEmbed)',
  artist_genres: 'Genres (MusicBrainz/ListenBrainz)',
  track: 'Track credits (Spotify, budgeted)',
};

const requestsOf = (n: number) => `${formatNumber(n)} ${n === 1 ? 'request' : 'requests'}`;

/** Polling and enrichment against the daily budget, with a meter for the part that is limited. */
export function SpotifyRequests({ requests, budget }: { requests: RequestCounts; budget: number }) {
  const used = Math.min(requests.enrich, budget);
  const share = budget > 0 ? used / budget : 0;
  return (
    <div className="flex flex-col gap-3">
      <p data-testid="requests-poll">Polling: {requestsOf(requests.poll)}</p>
      <div>
        <p data-testid="requests-enrich">
          Enrichment: {formatNumber(requests.enrich)} of {requestsOf(budget)}
          {budget === 0 && ' — the budget is 0, so nothing is fetched from Spotify for enrichment'}
        </p>
        {budget > 0 && (
          <div
            role="meter"
            aria-label="Enrichment requests of the daily budget"
            aria-valuemin={0}
            aria-valuemax={budget}
            aria-valuenow={used}
            aria-valuetext={`${formatNumber(requests.enrich)} of ${requestsOf(budget)}`}
            className="mt-1 h-3 w-full max-w-md overflow-hidden rounded-full bg-zinc-300 dark:bg-zinc-700"
            data-testid="budget-meter"
          >
            <div className={`h-full ${share >= 1 ? 'bg-amber-600 dark:bg-amber-500' : 'bg-accent'}`} style={{ width: `${share * 100}%` }} />
          </div>
        )}
      </div>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Polling is never refused and is not held to the budget. Enrichment may make at most SPOTIFY_DAILY_BUDGET requests in any 24 h; once
        they are spent, track credits wait and the free artwork and genres go on.
      </p>
    </div>
  );
}

function estimateText(row: QueueKindCount, estimate: QueueEstimate, timeZone: string): string {
  const eta = estimate.kinds.find((kind) => kind.kind === row.kind)!.eta;
  const text = describeEta(eta, timeZone);
  if (eta.state !== 'done' || row.failing === 0) return text;
  return `done, but for ${formatNumber(row.failing)} failing, tried again later`;
}

/** What the queue still holds by kind, and when each kind will be done. */
export function QueueTable({ queue, estimate, timeZone }: { queue: readonly QueueKindCount[]; estimate: QueueEstimate; timeZone: string }) {
  const cell = 'py-1 pr-3';
  return (
    <div className="flex flex-col gap-3">
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="queue-by-kind">
          <thead>
            <tr>
              <th scope="col" className={cell}>
                Kind
              </th>
              <th scope="col" className={`${cell} text-right`}>
                Queued
              </th>
              <th scope="col" className={`${cell} text-right`}>
                Due now
              </th>
              <th scope="col" className={`${cell} text-right`}>
                Failing
              </th>
              <th scope="col" className={cell}>
                Estimate
              </th>
            </tr>
          </thead>
          <tbody>
            {queue.map((row) => (
              <tr key={row.kind} className="border-t border-zinc-200 dark:border-zinc-800" data-testid={`queue-${row.kind}`}>
                <th scope="row" className={`${cell} font-normal`}>
                  {QUEUE_KIND_LABELS[row.kind]}
                </th>
                <td className={`${cell} text-right`}>{formatNumber(row.total)}</td>
                <td className={`${cell} text-right`}>{formatNumber(row.due)}</td>
                <td className={`${cell} text-right`}>{formatNumber(row.failing)}</td>
                <td className={cell}>{estimateText(row, estimate, timeZone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p data-testid="queue-estimate">The whole queue: {describeEta(estimate.overall, timeZone)}.</p>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        About, not exact: artwork takes a quarter of a second of run time per item and genres about two seconds per hundred artists, shared
        by every run; track credits take one Spotify request each, within the daily budget. Failing items are tried again later and not
        counted.
      </p>
    </div>
  );
}

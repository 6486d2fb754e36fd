import Link from 'next/link';
import { Card } from '@/components/stats/card';
import { requireOwner } from '@/lib/auth';
import { estimateQueueDone, observeRunInterval } from '@/lib/enrich/estimate';
import { getEnv } from '@/lib/env';
import { formatDateTime, formatNumber } from '@/lib/format';
import { DEFAULT_BUDGET_MS } from '@/lib/ingest/run';
import { refreshTokenExpiresAt } from '@/lib/ingest/tokens';
import { getPipelineStatus, type PipelineStatus } from '@/lib/owner';
import { signOutOwner } from './actions';
import { QueueTable, SpotifyRequests } from './enrichment-status';
import { RunsTable } from './runs-table';

const DAY = 86_400_000;

function Fact({ label, value, testId }: { label: string; value: React.ReactNode; testId: string }) {
  return (
    <div>
      <dt className="text-sm text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="font-semibold" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** Runs come about as often as the recent cron runs did; each may spend its whole budget. */
function estimateOf(status: PipelineStatus) {
  return estimateQueueDone({
    queue: status.queueByKind,
    requests: status.requests,
    budget: status.budget,
    now: status.now,
    runIntervalMs: observeRunInterval(status.recentRuns.filter((run) => run.trigger === 'cron').map((run) => run.startedAt)),
    runBudgetMs: DEFAULT_BUDGET_MS,
    pausedUntil: status.pausedUntil,
    spotifyConnected: status.connection?.status === 'connected',
  });
}

export async function StatusPanel() {
  await requireOwner();
  const timeZone = getEnv().SITE_TIMEZONE;
  const status = await getPipelineStatus();
  const { now } = status;
  const connection = status.connection!;
  const expiresAt = refreshTokenExpiresAt(connection.authorizedAt);
  const daysLeft = Math.max(0, Math.floor((expiresAt - now) / DAY));
  const lastRun = status.recentRuns[0];
  const when = (ms: number | null | undefined) => (ms ? formatDateTime(ms, timeZone) : 'never');
  const queue = status.queueByKind.reduce((sum, kind) => ({ total: sum.total + kind.total, due: sum.due + kind.due }), {
    total: 0,
    due: 0,
  });
  return (
    <>
      {connection.status === 'needs_reconnect' && (
        <section
          role="alert"
          className="rounded-2xl border border-amber-300 bg-amber-50 p-4 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
        >
          <p className="font-semibold">Spotify needs you to log in again. Ingestion is stopped until you do.</p>
          <p className="text-sm">{connection.statusReason}</p>
          <Link href="/connect" className="mt-2 inline-block font-medium underline">
            Reconnect Spotify
          </Link>
        </section>
      )}
      <Card title="Connection" id="connection">
        <dl className="grid gap-4 sm:grid-cols-3">
          <Fact
            label="Spotify account"
            value={`${connection.displayName ?? connection.spotifyUserId} — ${connection.status === 'connected' ? 'connected' : 'needs reconnect'}`}
            testId="connection-state"
          />
          <Fact label="Authorized" value={when(connection.authorizedAt)} testId="authorized-at" />
          <Fact
            label="Authorization expires"
            value={`in ${daysLeft} days (${formatDateTime(expiresAt, timeZone)})`}
            testId="expiry-countdown"
          />
          <Fact label="Last run" value={lastRun ? `${when(lastRun.startedAt)} — ${lastRun.status}` : 'never'} testId="last-run" />
          <Fact label="Last successful run" value={when(status.lastSuccessfulRun?.startedAt)} testId="last-success" />
          <Fact label="Plays in the last 24 h" value={formatNumber(status.playsLast24h)} testId="plays-24h" />
          <Fact label="Enrichment queue" value={`${formatNumber(queue.total)} (${formatNumber(queue.due)} due)`} testId="queue-depth" />
          <Fact label="Spotify paused until" value={status.pausedUntil ? when(status.pausedUntil) : 'not paused'} testId="paused-until" />
        </dl>
        <form action={signOutOwner} className="mt-4">
          <button type="submit" className="text-sm underline">
            Sign out
          </button>
        </form>
      </Card>
      <Card title="Spotify requests, last 24 h" id="requests">
        <SpotifyRequests requests={status.requests} budget={status.budget} />
      </Card>
      <Card title="Queue" id="queue">
        <QueueTable queue={status.queueByKind} estimate={estimateOf(status)} timeZone={timeZone} />
      </Card>
      <Card title="Gaps" id="gaps">
        {status.gaps.length === 0 ? (
          <p>No plays have been lost between polls.</p>
        ) : (
          <ul className="list-disc pl-6" data-testid="gaps">
            {status.gaps.map((gap) => (
              <li key={gap.id}>
                {when(gap.fromMs)} – {when(gap.toMs)}:{' '}
                {gap.closedAt ? `closed by ${gap.closedBy ?? 'an import'}` : 'open — importing your Spotify export fills it'}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Recent runs" id="runs">
        <RunsTable runs={status.recentRuns} timeZone={timeZone} />
      </Card>
    </>
  );
}

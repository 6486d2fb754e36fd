import { getDb } from '@/db';
import type { QueueKind, QueueKindCount } from '@/db/enrich/queue-stats';
import { drainQueue, type DrainProgress, type DrainResult } from '@/lib/enrich/drain';
import { describeEta, estimateQueueDone } from '@/lib/enrich/estimate';
import { getEnv, type Env } from '@/lib/env';
import { formatDateTime, formatNumber } from '@/lib/format';
import { DEFAULT_BUDGET_MS } from '@/lib/ingest/run';
import { prepareDatabase } from './migrate';
import { runCli } from './run';
import { loadEnvFiles, revalidateSite } from './site';

const BAR_WIDTH = 24;
/** Without a terminal (a log file, CI): a plain line at least this often, and every sixth of it while work gets done. */
const PLAIN_LINE_MS = 30_000;
const KINDS: Record<QueueKind, [string, string]> = {
  track_art: ['track cover', 'track covers'],
  artist: ['artist picture', 'artist pictures'],
  artist_genres: ["artist's genres", "artists' genres"],
  track: ['track credit', 'track credits'],
};
const SHORT: Record<QueueKind, string> = { track_art: 'covers', artist: 'pictures', artist_genres: 'genres', track: 'credits' };
const ORDER: QueueKind[] = ['track_art', 'artist', 'artist_genres', 'track'];

const due = (queue: readonly QueueKindCount[], kind: QueueKind) => queue.find((row) => row.kind === kind)?.due ?? 0;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
function formatElapsed(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s} s`;
  if (s < 5400) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor(s / 60) % 60} min`;
}
const byKind = (counts: Record<QueueKind, number>) =>
  ORDER.filter((kind) => counts[kind] > 0)
    .map((kind) => `${formatNumber(counts[kind])} ${KINDS[kind][counts[kind] === 1 ? 0 : 1]}`)
    .join(', ') || 'nothing';

/** Tasks this drain can still do: the free ones, and as many credits as the budget has left. */
function doable(progress: DrainProgress): number {
  const free = sum((['track_art', 'artist', 'artist_genres'] as const).map((kind) => due(progress.queue, kind)));
  const credits =
    progress.spotify === 'open' ? Math.min(due(progress.queue, 'track'), Math.max(0, progress.budget - progress.window.enrich)) : 0;
  return free + credits;
}

function progressLine(progress: DrainProgress): string {
  const done = sum(Object.values(progress.done));
  const left = doable(progress);
  const fraction = done + left > 0 ? done / (done + left) : 1;
  const filled = Math.round(fraction * BAR_WIDTH);
  const eta = done > 0 && left > 0 ? formatElapsed((progress.elapsedMs / done) * left) : '…';
  const queue = ORDER.filter((kind) => due(progress.queue, kind) > 0).map(
    (kind) => `${formatNumber(due(progress.queue, kind))} ${SHORT[kind]}`,
  );
  const requests = sum(Object.values(progress.requests));
  return [
    `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${formatNumber(done)} done`,
    `left ${queue.join(', ') || 'nothing'}`,
    `Spotify ${formatNumber(progress.window.enrich)}/${formatNumber(progress.budget)} in 24 h`,
    `${formatNumber(requests)} requests`,
    `${progress.phase}, ETA ${eta}`,
  ].join(' · ');
}

/** The credits left at `budget` a day, as /status estimates them. */
function creditsOutlook(result: DrainResult, env: Env): string {
  const now = Date.now();
  const estimate = estimateQueueDone({
    queue: result.queue,
    requests: result.window,
    budget: result.budget,
    now,
    runBudgetMs: DEFAULT_BUDGET_MS,
    pausedUntil: result.pausedUntil,
  });
  const credits = estimate.kinds.find((kind) => kind.kind === 'track')!;
  return `at ${formatNumber(result.budget)} a day, the ${formatNumber(credits.tasks)} left are ${describeEta(credits.eta, env.SITE_TIMEZONE)} (in the ingest runs, or with another npm run enrich)`;
}

function stopLine(result: DrainResult, env: Env): string {
  const waiting = sum(result.queue.map((row) => row.total - row.due));
  switch (result.stop) {
    case 'done':
      return `Done: nothing is left to do now${waiting > 0 ? ` (${formatNumber(waiting)} tasks that failed wait for their retry)` : ''}.`;
    case 'budget':
      if (result.budget === 0)
        return 'Stopped: SPOTIFY_DAILY_BUDGET is 0, so track credits are never asked of Spotify; the free work is done.';
      return `Stopped: the daily Spotify budget (${formatNumber(result.budget)} requests in 24 h) is spent; track credits continue as the 24-hour window moves on: ${creditsOutlook(result, env)}.`;
    case 'paused':
      return `Stopped: Spotify's quota is spent (429 QUOTA_EXCEEDED) and Spotify is paused until ${formatDateTime(result.pausedUntil ?? Date.now(), env.SITE_TIMEZONE)}; polling and track credits wait until then.`;
    case 'not_connected':
      return 'Stopped: no Spotify account is connected, so track credits wait; log in on /connect.';
    case 'needs_reconnect':
      return 'Stopped: Spotify refused the stored authorization, so track credits wait; log in again on /connect.';
    case 'unreachable':
      return 'Stopped: Spotify did not answer the token refresh, so track credits wait for the next run.';
    case 'stalled':
      return `Stopped: ${formatNumber(sum(result.queue.map((row) => row.due)))} tasks are due but their services did not answer; the ingest runs retry them.`;
  }
}

function summaryLines(result: DrainResult, env: Env): string[] {
  const { requests, window } = result;
  const left = Object.fromEntries(ORDER.map((kind) => [kind, due(result.queue, kind)])) as Record<QueueKind, number>;
  return [
    `\nEnrichment ran for ${formatElapsed(result.elapsedMs)}.`,
    `  Done: ${byKind(result.done)}.`,
    `  Requests: Spotify Web API ${formatNumber(requests.spotify)}, Spotify oEmbed ${formatNumber(requests.oEmbed)}, MusicBrainz ${formatNumber(requests.musicBrainz)}, ListenBrainz ${formatNumber(requests.listenBrainz)}.`,
    `  Spotify requests in the last 24 h: ${formatNumber(window.enrich)} for enrichment (budget ${formatNumber(result.budget)}), ${formatNumber(window.poll)} polling.`,
    `  Left: ${byKind(left)}.`,
    stopLine(result, env),
  ];
}

/** Redraws the bar on a terminal; elsewhere prints plain lines (PLAIN_LINE_MS). */
function createReporter(tty: boolean): (progress: DrainProgress) => void {
  let lastAt = -Infinity;
  let lastDone = -1;
  return (progress) => {
    if (tty) {
      // Cut to the terminal's width: a wrapped line could not be redrawn in place.
      process.stdout.write(`\r\x1b[2K${progressLine(progress).slice(0, Math.max(20, (process.stdout.columns || 120) - 1))}`);
      return;
    }
    const done = sum(Object.values(progress.done));
    const since = performance.now() - lastAt;
    if (since < PLAIN_LINE_MS && (done === lastDone || since < PLAIN_LINE_MS / 6)) return;
    lastAt = performance.now();
    lastDone = done;
    console.log(progressLine(progress));
  };
}

/** `npm run enrich`: works the enrichment queue on this machine until it is done or only budgeted work is left. */
runCli(async () => {
  loadEnvFiles();
  await prepareDatabase();
  const env = getEnv();
  const tty = process.stdout.isTTY === true;
  const result = await drainQueue({ db: getDb(), env, onProgress: createReporter(tty) });
  if (tty) process.stdout.write('\n');
  for (const line of summaryLines(result, env)) console.log(line);
  if (result.changed) console.log(await revalidateSite(env));
});

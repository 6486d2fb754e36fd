import { saveOwnerConnection } from '@/db/owner/spotify-accounts';
import { runIngest, type IngestResult } from '@/lib/ingest/run';
import { sealToken } from '@/lib/vault';
import { OWNER, startFakes, TEST_AUTH_SECRET } from '../fakes/harness';
import type { FakeSpotify } from '../fakes/spotify';
import { buildCatalog } from '../fakes/spotify-catalog';
import { generateTimeline } from '../fakes/timeline';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { formatRow, readArgs } from './args';
import { watchMachine } from './machine';

/**
 * `npm run bench:ingest [-- --remote --latency 25 --days 30]`: a month of 15-minute polling —
 * the real runIngest (poll, write, enrichment) against the fake Spotify, MusicBrainz and
 * ListenBrainz, on an embedded file or, with --remote, behind the hosted-libSQL stand-in with
 * `latency` ms per request. Prints wall, CPU and stolen time and, on the stand-in, the round
 * trips, statements and rows written, in total and per poll (polls that stored plays apart).
 */
const args = readArgs({ remote: false, latency: 25, days: 30, artists: 40, tracks: 10, seed: 11 });
const QUARTER_HOUR = 15 * 60_000;
const START = Date.UTC(2026, 9, 1);

type Totals = { polls: number; requests: number; statements: number; rowsWritten: number; rowsRead: number };
const empty = (): Totals => ({ polls: 0, requests: 0, statements: 0, rowsWritten: 0, rowsRead: 0 });

/** A database where the owner has connected, as tests/fakes/harness's openConnectedDatabase, local or remote. */
async function openConnected(spotify: FakeSpotify): Promise<TestDatabase> {
  const test = await openTestDatabase({ remote: args.remote, latencyMs: args.latency });
  const tokens = spotify.issueTokens(OWNER.key);
  await saveOwnerConnection(test.db, {
    spotifyUserId: OWNER.accountId,
    displayName: OWNER.displayName,
    refreshTokenEnc: sealToken(tokens.refreshToken, TEST_AUTH_SECRET, 'refresh'),
    accessTokenEnc: sealToken(tokens.accessToken, TEST_AUTH_SECRET, 'access'),
    // Past the month of simulated polling: the bench measures polls, not refreshes.
    accessTokenExpiresAt: Date.now() + 30 * 86_400_000,
    scopes: 'user-read-recently-played user-top-read',
    authorizedAt: Date.now(),
  });
  return test;
}

const WIDTHS = [22, 6, 11, 8, 10, 8, 12, 8, 9];
const HEADER = ['', 'polls', 'round trips', 'a poll', 'statements', 'a poll', 'rows written', 'a poll', 'rows read'];

function line(label: string, t: Totals): string {
  const per = (n: number) => (t.polls === 0 ? '-' : (n / t.polls).toFixed(1));
  return formatRow(
    [label, t.polls, t.requests, per(t.requests), t.statements, per(t.statements), t.rowsWritten, per(t.rowsWritten), t.rowsRead],
    WIDTHS,
  );
}

async function main(): Promise<void> {
  const fakes = await startFakes();
  fakes.spotify.catalog = buildCatalog(args.artists, args.tracks);
  fakes.musicBrainz.minIntervalMs = 0;
  fakes.spotify.plays = generateTimeline(fakes.spotify.catalog, { start: START, days: args.days, seed: args.seed });
  const test = await openConnected(fakes.spotify);
  const totals = { all: empty(), withPlays: empty(), without: empty() };
  const statuses = new Map<string, number>();
  let inserted = 0;
  test.server?.reset();
  const machine = watchMachine();
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let now = START; now < START + args.days * 86_400_000; now += QUARTER_HOUR) {
    fakes.spotify.now = now;
    const before = test.server?.stats.perRequest.length ?? 0;
    const result: IngestResult = await runIngest({ db: test.db, trigger: 'cron', budgetMs: 60_000, musicBrainzIntervalMs: 0 });
    statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
    inserted += result.playsInserted;
    const reports = test.server?.stats.perRequest.slice(before) ?? [];
    for (const t of [totals.all, result.playsInserted > 0 ? totals.withPlays : totals.without]) {
      t.polls++;
      t.requests += reports.length;
      for (const r of reports) {
        t.statements += r.statements;
        t.rowsWritten += r.rowsWritten;
        t.rowsRead += r.rowsRead;
      }
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  const where = args.remote ? `the hosted-libSQL stand-in at ${args.latency} ms a request` : 'an embedded file';
  console.log(`${args.days} days × 96 polls on ${where}: ${inserted} plays stored of ${fakes.spotify.plays.length} played`);
  console.log(`  runs by status: ${[...statuses].map(([status, n]) => `${status} ${n}`).join(', ')}`);
  console.log(`  wall ${seconds.toFixed(1)} s (${((seconds * 1000) / totals.all.polls).toFixed(1)} ms a poll)`);
  // CPU time of this process, every thread: the fakes and the stand-in run in it too.
  console.log(`  ${((user + system) / 1e6).toFixed(1)} s of CPU time (fakes and stand-in included); the run took ${machine()}`);
  if (test.server) {
    console.log(formatRow(HEADER, WIDTHS));
    console.log(line('  all polls', totals.all));
    console.log(line('  polls storing plays', totals.withPlays));
    console.log(line('  polls storing none', totals.without));
    console.log('  (rows read: the rows statements returned; the stand-in cannot count rows scanned)');
  }
  await test.close();
  await fakes.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

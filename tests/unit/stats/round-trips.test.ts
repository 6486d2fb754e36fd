/**
 * Issue #13: each page's data is one round trip to the database, one `batch`, counted at the
 * stand-in for hosted libSQL (tests/fakes/libsql-server.ts) that the database sits behind here,
 * as on Turso. The reads are the bench's (tests/bench/cases.ts): the db/stats calls that
 * lib/stats.ts makes for every page, at the ranges a visitor is likely to pick.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibsqlServer } from '@/tests/fakes/libsql-server';
import { buildCases, buildLookupCases, type BenchCase } from '@/tests/bench/cases';
import { openTestDatabase, type TestDatabase } from '@/tests/helpers/database';
import { SAMPLE_TIME_ZONE, writeSampleLibrary } from '@/tests/helpers/sample-library';

/** Nine days after the sample's last play: "last 4 weeks" reads its head days from the plays and March from the month rollups. */
const TODAY = '2025-03-20';

let test: TestDatabase;
let server: LibsqlServer;
let cases: BenchCase[];
let lookups: BenchCase[];

beforeAll(async () => {
  test = await openTestDatabase({ remote: true });
  server = test.server!;
  await writeSampleLibrary(test.db);
  cases = await buildCases(test.db, TODAY, SAMPLE_TIME_ZONE);
  lookups = await buildLookupCases(test.db);
});

afterAll(() => test.close());

/** The HTTP requests one read sends: each one's pipeline (without the store_sql that name its texts), statements and rows. */
async function requestsOf({ run }: BenchCase) {
  server.reset();
  await run();
  return server.stats.perRequest.map((report) => ({
    pipeline: report.requests.filter((type) => type !== 'store_sql'),
    statements: report.statements,
    rowsRead: report.rowsRead,
    rowsWritten: report.rowsWritten,
  }));
}

/**
 * The statements of each page's batch, besides the BEGIN and COMMIT that the client wraps a
 * batch in. All-time site-wide lists read their rollup in statements of their own; every other
 * range puts its sums and lists in one statement over one per-track aggregate.
 */
const STATEMENTS: Record<string, number> = {
  'overview 4w': 4,
  'tracks 4w': 1,
  'artists 4w': 1,
  'albums 4w': 1,
  'genres 4w': 1,
  'track detail 4w': 4,
  'artist detail 4w': 4,
  'album detail 4w': 4,
  'genre detail 4w': 4,
  'history 4w': 2,
  'overview 1y': 4,
  'tracks 1y': 1,
  'artists 1y': 1,
  'albums 1y': 1,
  'genres 1y': 1,
  'track detail 1y': 4,
  'artist detail 1y': 4,
  'album detail 1y': 4,
  'genre detail 1y': 4,
  'history 1y': 2,
  'overview all': 8,
  'tracks all': 2,
  'artists all': 2,
  'albums all': 2,
  'genres all': 2,
  'track detail all': 4,
  'artist detail all': 4,
  'album detail all': 4,
  'genre detail all': 4,
  'history all': 2,
};

describe("each page's data", () => {
  it('is one request to the database: one read batch', async () => {
    const seen: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const testCase of cases) {
      const requests = await requestsOf(testCase);
      seen[testCase.name] = requests.map(({ pipeline, statements, rowsWritten }) => ({ pipeline, statements, rowsWritten }));
      expected[testCase.name] = [{ pipeline: ['batch', 'close'], statements: STATEMENTS[testCase.name]! + 2, rowsWritten: 0 }];
      // The sample has plays in every range: a read that returned nothing would prove little.
      expect(requests[0]?.rowsRead, testCase.name).toBeGreaterThan(0);
    }
    expect(seen).toEqual(expected);
  });

  it('covers every page the bench times', () => {
    expect(cases.map((c) => c.name).sort()).toEqual(Object.keys(STATEMENTS).sort());
  });
});

/**
 * Not yet in the page's batch: a stats page reads the library summary first (whether there is
 * anything to show, the range's last-play day that decides which months the month rollups
 * answer, the picker's years), and a genre's page its slug's id before that, each through a
 * cached read of its own (components/stats/stats-context.tsx, detail-page.tsx). With those
 * caches cold, as after a write revalidated them, a render is two round trips, a genre's three;
 * the summary is shared by every page and is read once per write.
 */
describe('what a page render reads before its data', () => {
  it('is one execute each', async () => {
    const seen: Record<string, unknown> = {};
    for (const lookup of lookups) seen[lookup.name] = await requestsOf(lookup);
    expect(seen).toEqual({
      'library summary': [{ pipeline: ['execute', 'close'], statements: 1, rowsRead: 1, rowsWritten: 0 }],
      'genre id by slug': [{ pipeline: ['execute', 'close'], statements: 1, rowsRead: 1, rowsWritten: 0 }],
    });
  });
});

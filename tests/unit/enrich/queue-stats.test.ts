import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { selectQueueByKind } from '@/db/enrich/queue-stats';
import { selectPipelineStatus } from '@/db/owner/status';
import { openTestDatabase, type TestDatabase } from '@/tests/helpers/database';

const NOW = Date.UTC(2026, 2, 2, 12, 30);
const HOUR = 3_600_000;

let test: TestDatabase;

beforeAll(() => {
  // Read once, at the first getEnv() of this file's module graph.
  vi.stubEnv('SPOTIFY_DAILY_BUDGET', '321');
});

afterAll(() => {
  vi.unstubAllEnvs();
});

beforeEach(async () => {
  test = await openTestDatabase();
});

afterEach(() => {
  test.close();
});

/** [kind, target, next_attempt_at, attempts] */
async function queue(...tasks: [string, number, number, number][]): Promise<void> {
  await test.db.$client.batch(
    tasks.map(([kind, target, nextAttemptAt, attempts]) => ({
      sql: 'INSERT INTO enrichment_queue (kind, target_id, next_attempt_at, attempts, created_at) VALUES (?, ?, ?, ?, 0)',
      args: [kind, target, nextAttemptAt, attempts],
    })),
    'write',
  );
}

describe('selectQueueByKind', () => {
  it('lists every kind, in order, with zeros on an empty queue', async () => {
    expect(await selectQueueByKind(test.db, NOW)).toEqual([
      { kind: 'track_art', total: 0, due: 0, failing: 0 },
      { kind: 'artist', total: 0, due: 0, failing: 0 },
      { kind: 'artist_genres', total: 0, due: 0, failing: 0 },
      { kind: 'track', total: 0, due: 0, failing: 0 },
    ]);
  });

  it('counts all, due (at or before now) and failing (attempted before) tasks per kind', async () => {
    await queue(
      ['track_art', 1, 0, 0],
      ['track_art', 2, NOW, 0],
      ['track_art', 3, NOW + 1, 0],
      ['artist_genres', 1, NOW - HOUR, 2],
      ['artist_genres', 2, NOW + 30 * 24 * HOUR, 1],
      ['artist_genres', 3, NOW + HOUR, 0],
      ['track', 7, NOW - 1, 1],
    );
    expect(await selectQueueByKind(test.db, NOW)).toEqual([
      { kind: 'track_art', total: 3, due: 2, failing: 0 },
      { kind: 'artist', total: 0, due: 0, failing: 0 },
      { kind: 'artist_genres', total: 3, due: 1, failing: 2 },
      { kind: 'track', total: 1, due: 1, failing: 1 },
    ]);
    // Later, the tasks waiting for their time are due too.
    expect((await selectQueueByKind(test.db, NOW + 31 * 24 * HOUR)).map((row) => row.due)).toEqual([3, 0, 3, 1]);
  });
});

describe('selectPipelineStatus', () => {
  it('carries the requests of the last 24 h, the budget and the queue by kind', async () => {
    const hour = Math.floor(NOW / HOUR);
    await test.db.$client.batch(
      [
        {
          sql: "INSERT INTO spotify_requests (hour, purpose, requests) VALUES (?, 'poll', 4), (?, 'enrich', 250), (?, 'poll', 3)",
          args: [hour, hour - 5, hour - 24],
        },
        // Older than the window: not counted.
        {
          sql: "INSERT INTO spotify_requests (hour, purpose, requests) VALUES (?, 'enrich', 500), (?, 'poll', 90)",
          args: [hour - 25, hour - 30],
        },
      ],
      'write',
    );
    await queue(['artist', 5, NOW + HOUR, 1]);
    const status = await selectPipelineStatus(test.db, NOW);
    expect(status.requests).toEqual({ poll: 7, enrich: 250 });
    expect(status.budget).toBe(321);
    expect(status.queueByKind[1]).toEqual({ kind: 'artist', total: 1, due: 0, failing: 1 });
  });
});

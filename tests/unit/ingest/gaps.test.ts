import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeGapsCoveredBy, selectGaps } from '@/db/ingest/gaps';
import { openTestDatabase, type TestDatabase } from '@/tests/helpers/database';

let test: TestDatabase;
beforeEach(async () => {
  test = await openTestDatabase();
  await test.db.$client.execute('INSERT INTO gaps (from_ms, to_ms, detected_at) VALUES (1000, 2000, 1), (5000, 9000, 2)');
});
afterEach(() => test.close());

describe('gaps', () => {
  it('an import whose history covers a gap closes it; one that covers only part leaves it open', async () => {
    expect(await closeGapsCoveredBy(test.db, { fromMs: 0, toMs: 6000, closedBy: 'import of endsong_0.json', now: 42 })).toBe(1);
    expect(await closeGapsCoveredBy(test.db, { fromMs: 0, toMs: 6000, closedBy: 'again', now: 43 })).toBe(0);
    const gaps = await selectGaps(test.db);
    expect(gaps.map((g) => [g.fromMs, g.closedAt, g.closedBy])).toEqual([
      [5000, null, null],
      [1000, 42, 'import of endsong_0.json'],
    ]);
  });
});

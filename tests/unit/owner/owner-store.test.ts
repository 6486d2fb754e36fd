import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  getOwnerAccount,
  markNeedsReconnect,
  saveOwnerConnection,
  saveRefreshedTokens,
  selectOwnerAccountSummary,
  type OwnerConnection,
} from '@/db/owner/spotify-accounts';
import { deleteSetting, getSetting, putSetting } from '@/db/owner/settings';
import { countPlays } from '@/db/owner/status';
import { recomputeLocalTimes } from '@/db/owner/time-zone';
import { readRows } from '@/db/sql';
import { openTestDatabase, selectDayHourStats, type TestDatabase } from '@/tests/helpers/database';

let test: TestDatabase;
beforeEach(async () => {
  test = await openTestDatabase();
});
afterEach(() => test.close());

const connection = (spotifyUserId: string, authorizedAt = 1_000): OwnerConnection => ({
  spotifyUserId,
  displayName: `${spotifyUserId}'s name`,
  refreshTokenEnc: `refresh-${spotifyUserId}`,
  accessTokenEnc: `access-${spotifyUserId}`,
  accessTokenExpiresAt: authorizedAt + 3_600_000,
  scopes: 'user-read-recently-played',
  authorizedAt,
});

describe('the owner account', () => {
  it('takes the first account, refuses any other, and lets the owner reconnect', async () => {
    expect(await selectOwnerAccountSummary(test.db)).toBeNull();
    expect(await saveOwnerConnection(test.db, connection('owner'))).toBe(true);
    expect(await saveOwnerConnection(test.db, connection('stranger'))).toBe(false);
    expect(await saveOwnerConnection(test.db, connection('owner', 2_000))).toBe(true);
    expect(await readRows(test.db, 'SELECT spotify_user_id AS id FROM spotify_accounts')).toEqual([{ id: 'owner' }]);
    expect(await selectOwnerAccountSummary(test.db)).toEqual({
      spotifyUserId: 'owner',
      displayName: "owner's name",
      status: 'connected',
      statusReason: null,
      authorizedAt: 2_000,
    });
  });

  it('keeps the refresh token unless Spotify rotated it, and forgets the access token when the owner must reconnect', async () => {
    await saveOwnerConnection(test.db, connection('owner'));
    const { id } = (await getOwnerAccount(test.db))!;
    await saveRefreshedTokens(test.db, {
      accountId: id,
      accessTokenEnc: 'access-2',
      accessTokenExpiresAt: 9,
      refreshTokenEnc: null,
      now: 5,
    });
    expect(await getOwnerAccount(test.db)).toMatchObject({ accessTokenEnc: 'access-2', refreshTokenEnc: 'refresh-owner', updatedAt: 5 });
    await saveRefreshedTokens(test.db, {
      accountId: id,
      accessTokenEnc: 'access-3',
      accessTokenExpiresAt: 9,
      refreshTokenEnc: 'refresh-3',
      now: 6,
    });
    expect(await getOwnerAccount(test.db)).toMatchObject({ accessTokenEnc: 'access-3', refreshTokenEnc: 'refresh-3' });
    await markNeedsReconnect(test.db, { accountId: id, reason: 'invalid_grant', now: 7 });
    expect(await getOwnerAccount(test.db)).toMatchObject({
      status: 'needs_reconnect',
      statusReason: 'invalid_grant',
      accessTokenEnc: null,
      accessTokenExpiresAt: null,
      refreshTokenEnc: 'refresh-3',
      updatedAt: 7,
    });
  });
});

describe('settings', () => {
  it('reads, replaces and deletes a value', async () => {
    expect(await getSetting(test.db, 'k')).toBeNull();
    await putSetting(test.db, { key: 'k', value: 'a' });
    await putSetting(test.db, { key: 'k', value: 'b' });
    expect(await getSetting(test.db, 'k')).toBe('b');
    await deleteSetting(test.db, 'k');
    expect(await getSetting(test.db, 'k')).toBeNull();
  });
});

async function insertPlays(endedAts: number[]): Promise<void> {
  await test.db.$client.execute("INSERT INTO tracks (id, name, lookup_key) VALUES (1, 'Song', 'artist\u001fsong')");
  await test.db.$client.batch(
    endedAts.map((endedAt) => ({
      sql: `INSERT INTO plays (ended_at, track_id, ms_played, ms_played_estimated, source, counted, local_day, local_hour, local_weekday)
        VALUES (?, 1, 60000, 0, 'export', 1, '2025-03-03', 11, 0)`,
      args: [endedAt],
    })),
    'write',
  );
}

describe('recomputeLocalTimes', () => {
  const byHour = (endedAt: number) => ({ day: '2025-03-04', hour: endedAt % 24, weekday: 1 });

  it('records the first zone only, then applies the rule it is given to every play when the zone changes', async () => {
    await insertPlays([3, 4, 28]);
    expect(await recomputeLocalTimes(test.db, { timeZone: 'Europe/Berlin', localParts: byHour })).toBe(0);
    expect(await getSetting(test.db, 'timezone')).toBe('Europe/Berlin');
    expect(await recomputeLocalTimes(test.db, { timeZone: 'Europe/Berlin', localParts: byHour })).toBe(0);
    expect(await recomputeLocalTimes(test.db, { timeZone: 'UTC', localParts: byHour })).toBe(3);
    expect(await getSetting(test.db, 'timezone')).toBe('UTC');
    expect(await readRows(test.db, 'SELECT ended_at, local_day, local_hour, local_weekday FROM plays ORDER BY id')).toEqual([
      { ended_at: 3, local_day: '2025-03-04', local_hour: 3, local_weekday: 1 },
      { ended_at: 4, local_day: '2025-03-04', local_hour: 4, local_weekday: 1 },
      { ended_at: 28, local_day: '2025-03-04', local_hour: 4, local_weekday: 1 },
    ]);
    // The emptied hour is gone, not left as a zero row.
    expect((await selectDayHourStats(test.db)).map((row) => [row.localDay, row.localHour, row.plays])).toEqual([
      ['2025-03-04', 3, 1],
      ['2025-03-04', 4, 2],
    ]);
    expect(await readRows(test.db, 'SELECT count(*) AS n FROM day_hour_stats')).toEqual([{ n: 2 }]);
  });
});

describe('countPlays', () => {
  it('counts the plays, or those that ended after an instant', async () => {
    await insertPlays([3, 4, 28]);
    expect(await countPlays(test.db)).toBe(3);
    expect(await countPlays(test.db, { endedAfter: 4 })).toBe(1);
  });
});

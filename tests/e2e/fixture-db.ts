/**
 * Builds the e2e databases from scratch: data/e2e.db with the hand-made catalogue of
 * fixture-catalog.ts, and data/e2e-empty.db with no plays at all. Both are migrated, so
 * `next build` can prerender against them.
 *
 *   SITE_TIMEZONE=Europe/Berlin npx tsx --conditions=react-server tests/e2e/fixture-db.ts
 */
import { rmSync } from 'node:fs';
import { createDatabase, type Database } from '@/db';
import { migrateDatabase } from '@/db/migrate';
import { insertCatalog, insertGeneratedPlays } from '@/db/import/seed';
import { syncLocalTimes } from '@/lib/owner';
import type { PlayRow } from '@/lib/demo/types';
import { getEnv } from '@/lib/env';
import { runCli } from '@/lib/cli/run';
import { todayIn } from '@/lib/range';
import { addDays, localDayStartMs, toLocalParts } from '@/lib/time';
import { FIXED_PLAYS, FIXTURE_CATALOG, RECENT_PLAYS, type FixturePlay } from './fixture-catalog';
import { E2E_TIME_ZONE, EMPTY_DB_URL, FIXTURE_DB_URL } from './servers';

/** Plays under 30 s are skips, as in Spotify's exports. */
const MIN_COUNTED_MS = 30_000;

function toPlayRow({ track, at, ms }: FixturePlay, timeZone: string): PlayRow {
  const [day, time] = at.split(' ') as [string, string];
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const endedAt = localDayStartMs(day, timeZone) + (hours * 60 + minutes) * 60_000;
  const local = toLocalParts(endedAt, timeZone);
  if (local.day !== day || local.hour !== hours) throw new Error(`${at} does not exist in ${timeZone} (DST change?)`);
  return {
    trackId: track,
    endedAt,
    msPlayed: ms,
    counted: ms >= MIN_COUNTED_MS,
    localDay: local.day,
    localHour: local.hour,
    localWeekday: local.weekday,
  };
}

async function createFreshDatabase(url: string, timeZone: string): Promise<Database> {
  const path = url.slice('file:'.length);
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
  const db = createDatabase(url);
  await migrateDatabase(db);
  await syncLocalTimes(db, timeZone);
  return db;
}

runCli(async () => {
  const timeZone = getEnv().SITE_TIMEZONE;
  if (timeZone !== E2E_TIME_ZONE) {
    throw new Error(`SITE_TIMEZONE must be ${E2E_TIME_ZONE} (the specs' numbers assume it), not ${timeZone}.`);
  }
  const today = todayIn(timeZone);
  const recent = RECENT_PLAYS.map(({ track, daysAgo, time }) => ({
    track,
    at: `${addDays(today, -daysAgo)} ${time}`,
    ms: FIXTURE_CATALOG.tracks[track - 1]!.durationMs!,
  }));
  const plays = [...FIXED_PLAYS, ...recent].map((play) => toPlayRow(play, timeZone));

  const db = await createFreshDatabase(FIXTURE_DB_URL, timeZone);
  await insertCatalog(db, FIXTURE_CATALOG);
  await insertGeneratedPlays(db, plays);
  db.$client.close();
  (await createFreshDatabase(EMPTY_DB_URL, timeZone)).$client.close();
  console.log(`e2e databases ready: ${FIXTURE_DB_URL} (${plays.length} plays), ${EMPTY_DB_URL} (empty), ${timeZone}`);
});

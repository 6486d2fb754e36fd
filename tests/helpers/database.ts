import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDatabase, type Database } from '@/db';
import { migrateDatabase } from '@/db/migrate';
import { readRows } from '@/db/sql';
import { startLibsqlServer, type LibsqlServer } from '@/tests/fakes/libsql-server';

/** `server` is the hosted-libSQL stand-in the database sits behind under TEST_DATABASE=remote. */
export type TestDatabase = { db: Database; server: LibsqlServer | null; close: () => Promise<void> };

/**
 * Where the tests' databases live: an embedded file (the default), or with TEST_DATABASE=remote
 * a file behind the stand-in for hosted libSQL (tests/fakes/libsql-server.ts), reached over
 * Hrana/HTTP as on Turso, `TEST_DATABASE_LATENCY_MS` added to every request.
 */
export const TEST_DATABASE = process.env.TEST_DATABASE === 'remote' ? 'remote' : 'file';
const LATENCY_MS = Number(process.env.TEST_DATABASE_LATENCY_MS ?? 0);

/**
 * A fresh libSQL database in its own temp folder, migrated from drizzle/ (`remote` puts it
 * behind the stand-in whatever TEST_DATABASE says). A file rather than
 * `:memory:` because libSQL opens a new in-memory database per connection for batches.
 */
export async function openTestDatabase({
  remote = TEST_DATABASE === 'remote',
  latencyMs = LATENCY_MS,
}: { remote?: boolean; latencyMs?: number } = {}): Promise<TestDatabase> {
  const folder = mkdtempSync(path.join(tmpdir(), 'listening-stats-test-'));
  const file = path.join(folder, 'test.db');
  const server = remote ? await startLibsqlServer({ path: file, latencyMs }) : null;
  const db = createDatabase(server ? server.url : `file:${file}`);
  await migrateDatabase(db);
  return {
    db,
    server,
    close: async () => {
      db.$client.close();
      await server?.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

type DayHourRow = { localDay: string; localHour: number; localWeekday: number; plays: number; msPlayed: number; skips: number };
type TrackStatsRow = {
  trackId: number;
  plays: number;
  msPlayed: number;
  skips: number;
  firstEndedAt: number | null;
  lastEndedAt: number | null;
};

export function selectDayHourStats(db: Database): Promise<DayHourRow[]> {
  return readRows<DayHourRow>(
    db,
    `SELECT local_day AS localDay, local_hour AS localHour, local_weekday AS localWeekday, plays, ms_played AS msPlayed, skips
      FROM day_hour_stats WHERE plays > 0 OR skips > 0 ORDER BY local_day, local_hour`,
  );
}

export function selectTrackStats(db: Database): Promise<TrackStatsRow[]> {
  return readRows<TrackStatsRow>(
    db,
    `SELECT track_id AS trackId, plays, ms_played AS msPlayed, skips, first_ended_at AS firstEndedAt, last_ended_at AS lastEndedAt
      FROM track_stats WHERE plays > 0 OR skips > 0 ORDER BY track_id`,
  );
}

type TrackMonthRow = { month: string; trackId: number; plays: number; msPlayed: number };

/** track_months without the rows that deletes brought down to nothing. */
export function selectTrackMonths(db: Database): Promise<TrackMonthRow[]> {
  return readRows<TrackMonthRow>(
    db,
    'SELECT month, track_id AS trackId, plays, ms_played AS msPlayed FROM track_months WHERE plays > 0 ORDER BY month, track_id',
  );
}

type GenreMonthRow = { month: string; genreId: number; plays: number; msPlayed: number };

export function selectGenreMonths(db: Database): Promise<GenreMonthRow[]> {
  return readRows<GenreMonthRow>(
    db,
    'SELECT month, genre_id AS genreId, plays, ms_played AS msPlayed FROM genre_months WHERE plays > 0 ORDER BY month, genre_id',
  );
}

/** genre_months as it would be if recomputed from `plays` and the credits' genres now. */
export function recomputeGenreMonths(db: Database): Promise<GenreMonthRow[]> {
  return readRows<GenreMonthRow>(
    db,
    `SELECT substr(p.local_day, 1, 7) AS month, tg.genre_id AS genreId, count(*) AS plays, sum(p.ms_played) AS msPlayed
      FROM plays p JOIN (SELECT DISTINCT ta.track_id, ag.genre_id FROM track_artists ta JOIN artist_genres ag ON ag.artist_id = ta.artist_id) tg
        ON tg.track_id = p.track_id
      WHERE p.counted = 1 GROUP BY 1, 2 ORDER BY 1, 2`,
  );
}

type DayRow = { localDay: string; plays: number; msPlayed: number; skips: number };
type ClockRow = { weekday: number; hour: number; plays: number; msPlayed: number };
type ClockMonthRow = ClockRow & { month: string };
type DayRollups = { days: DayRow[]; clock: ClockRow[]; clockMonths: ClockMonthRow[] };

/** day_stats, clock_stats and clock_months (drizzle/0009, 0010), without the rows that deletes brought down to nothing. */
export async function selectDayRollups(db: Database): Promise<DayRollups> {
  const days = await readRows<DayRow>(
    db,
    'SELECT local_day AS localDay, plays, ms_played AS msPlayed, skips FROM day_stats WHERE plays > 0 OR skips > 0 ORDER BY local_day',
  );
  const clock = await readRows<ClockRow>(
    db,
    'SELECT local_weekday AS weekday, local_hour AS hour, plays, ms_played AS msPlayed FROM clock_stats WHERE plays > 0 OR ms_played > 0 ORDER BY 1, 2',
  );
  const clockMonths = await readRows<ClockMonthRow>(
    db,
    `SELECT month, local_weekday AS weekday, local_hour AS hour, plays, ms_played AS msPlayed FROM clock_months
      WHERE plays > 0 OR ms_played > 0 ORDER BY 1, 2, 3`,
  );
  return { days, clock, clockMonths };
}

/** The same rollups counted from `plays` now. */
export async function recomputeDayRollups(db: Database): Promise<DayRollups> {
  const days = await readRows<DayRow>(
    db,
    `SELECT local_day AS localDay, sum(counted) AS plays, sum(CASE WHEN counted THEN ms_played ELSE 0 END) AS msPlayed,
        sum(1 - counted) AS skips FROM plays GROUP BY local_day ORDER BY local_day`,
  );
  const clock = await readRows<ClockRow>(
    db,
    `SELECT local_weekday AS weekday, local_hour AS hour, count(*) AS plays, sum(ms_played) AS msPlayed
      FROM plays WHERE counted = 1 GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  const clockMonths = await readRows<ClockMonthRow>(
    db,
    `SELECT substr(local_day, 1, 7) AS month, local_weekday AS weekday, local_hour AS hour, count(*) AS plays,
        sum(ms_played) AS msPlayed FROM plays WHERE counted = 1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  );
  return { days, clock, clockMonths };
}

/** The trigger-maintained rollups as they would be if recomputed from `plays` now. */
export async function recomputeRollups(
  db: Database,
): Promise<{ dayHour: DayHourRow[]; tracks: TrackStatsRow[]; months: TrackMonthRow[]; genreMonths: GenreMonthRow[] }> {
  const dayHour = await readRows<DayHourRow>(
    db,
    `SELECT local_day AS localDay, local_hour AS localHour, min(local_weekday) AS localWeekday, sum(counted) AS plays,
        sum(CASE WHEN counted THEN ms_played ELSE 0 END) AS msPlayed, sum(1 - counted) AS skips
      FROM plays GROUP BY local_day, local_hour ORDER BY local_day, local_hour`,
  );
  const tracks = await readRows<TrackStatsRow>(
    db,
    `SELECT track_id AS trackId, sum(counted) AS plays, sum(CASE WHEN counted THEN ms_played ELSE 0 END) AS msPlayed,
        sum(1 - counted) AS skips, min(CASE WHEN counted THEN ended_at END) AS firstEndedAt,
        max(CASE WHEN counted THEN ended_at END) AS lastEndedAt
      FROM plays GROUP BY track_id ORDER BY track_id`,
  );
  const months = await readRows<TrackMonthRow>(
    db,
    `SELECT substr(local_day, 1, 7) AS month, track_id AS trackId, count(*) AS plays, sum(ms_played) AS msPlayed
      FROM plays WHERE counted = 1 GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  return { dayHour, tracks, months, genreMonths: await recomputeGenreMonths(db) };
}

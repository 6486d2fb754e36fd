import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import type { InStatement, InValue, Transaction } from '@libsql/client';
import { createDatabase } from '@/db';
import { digits, recordLayout, text } from '@/db/import/fixed-width';
import { migrateDatabase } from '@/db/migrate';
import { encodePlayRows, insertPlaysStatement, type PlayRowValues } from '@/db/import/play-rows';
import { readArgs } from './args';
import { watchMachine } from './machine';

const args = readArgs({ rows: 1_000_000, tracks: 50_000, rounds: 3, dir: 'data/bench-records' });

type Sums = (string | number | null)[];
/** One way of handing a list of rows to one statement: what the rows become, and the SQL reading them. */
type Codec = { encode: (rows: readonly Sums[]) => InValue[]; sql: string };
type Layout = 'plays' | 'day_hour_stats' | 'track_stats' | 'track_months';

const PLAYS_PER_INSERT = 5_000;
const SUMS_PER_FLUSH = 150_000;
const DAY = '0123456789-';

const HOUR = recordLayout('hour', [
  text('day', 10, DAY),
  digits('hour', 2),
  digits('weekday', 1),
  digits('plays', 8),
  digits('ms', 13),
  digits('skips', 8),
]);
const TRACK = recordLayout('track', [
  digits('track_id', 10),
  digits('plays', 8),
  digits('ms', 13),
  digits('skips', 8),
  digits('first', 13, { nullAs: 0 }),
  digits('last', 13, { nullAs: 0 }),
]);
const MONTH = recordLayout('month', [text('month', 7, DAY), digits('track_id', 10), digits('plays', 8), digits('ms', 13)]);

/** The structure of one upsert, its rows as records of `layout` or as JSON arrays of the same values. */
type Records = { fields: readonly unknown[]; encode: (rows: never) => string; sql: (record: string) => object };
function upsertCodecs(insert: string, layout: Records, conflict: string): Record<'fixed' | 'json', Codec> {
  const json = layout.fields.map((_, i) => `value->>${i}`);
  return {
    fixed: {
      encode: (rows) => [layout.encode(rows as never)],
      sql: `${insert} SELECT ${Object.values(layout.sql('value'))} FROM json_each(?) WHERE true ${conflict}`,
    },
    json: { encode: (rows) => [JSON.stringify(rows)], sql: `${insert} SELECT ${json} FROM json_each(?) WHERE true ${conflict}` },
  };
}

const CODECS: Record<Layout, Record<'fixed' | 'json', Codec>> = {
  plays: {
    // The import's own encoder and statement.
    fixed: {
      encode: (rows) => encodePlayRows(rows as unknown as PlayRowValues[]),
      sql: (insertPlaysStatement([]) as Exclude<InStatement, string>).sql,
    },
    json: {
      encode: (rows) => [JSON.stringify(rows)],
      sql: `INSERT INTO plays (ended_at, track_id, ms_played, ms_played_estimated, source, counted, local_day, local_hour,
          local_weekday, platform, shuffle, skipped, offline, reason_start, reason_end, stream_key)
        SELECT value->>0, value->>1, value->>2, 0, iif(value->>13 = 1, 'account', 'export'), value->>3, value->>4,
          value->>5, value->>6, value->>7, value->>8, value->>9, value->>10, value->>11, value->>12, value->>14 FROM json_each(?1)`,
    },
  },
  day_hour_stats: upsertCodecs(
    'INSERT INTO day_hour_stats (local_day, local_hour, local_weekday, plays, ms_played, skips)',
    HOUR,
    `ON CONFLICT (local_day, local_hour) DO UPDATE SET
      plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played, skips = skips + excluded.skips`,
  ),
  track_stats: upsertCodecs(
    'INSERT INTO track_stats (track_id, plays, ms_played, skips, first_ended_at, last_ended_at)',
    TRACK,
    `ON CONFLICT (track_id) DO UPDATE SET
      plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played, skips = skips + excluded.skips,
      first_ended_at = coalesce(min(first_ended_at, excluded.first_ended_at), first_ended_at, excluded.first_ended_at),
      last_ended_at = coalesce(max(last_ended_at, excluded.last_ended_at), last_ended_at, excluded.last_ended_at)`,
  ),
  track_months: upsertCodecs(
    'INSERT INTO track_months (month, track_id, plays, ms_played)',
    MONTH,
    'ON CONFLICT (month, track_id) DO UPDATE SET plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played',
  ),
};

/** A deterministic history: `rows` plays over ten years on `tracks` tracks, about one (month, track) pair per play. */
function generatePlays(): PlayRowValues[] {
  let state = 7;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const start = Date.UTC(2015, 0, 1);
  const step = (10 * 365.25 * 86_400_000) / args.rows;
  const flag = () => [0, 1, null][Math.floor(next() * 3)] as 0 | 1 | null;
  return Array.from({ length: args.rows }, (_, i): PlayRowValues => {
    const endedAt = Math.round(start + i * step);
    const at = new Date(endedAt);
    const ms = Math.floor(next() * 400_000);
    const [platform, reasonStart, reasonEnd] = [`platform ${Math.floor(next() * 5)}`, 'trackdone', ['endplay', 'fwdbtn'][i % 2]!];
    return [
      endedAt,
      1 + Math.floor(next() * args.tracks),
      ms,
      ms >= 30_000 ? 1 : 0,
      at.toISOString().slice(0, 10),
      at.getUTCHours(),
      (at.getUTCDay() + 6) % 7,
      platform,
      flag(),
      flag(),
      flag(),
      reasonStart,
      reasonEnd,
      0,
      (i * 0x9e3779b1) % 2 ** 52,
    ];
  });
}

type HourSums = [day: string, hour: number, weekday: number, plays: number, ms: number, skips: number];
type TrackSums = [trackId: number, plays: number, ms: number, skips: number, first: number | null, last: number | null];
type MonthSums = [month: string, trackId: number, plays: number, ms: number];
type Flush = { afterBatch: number; lists: Record<Exclude<Layout, 'plays'>, Sums[]> };

const sumsOf = <K, V>(map: Map<K, V>, key: K, zero: () => V) => map.get(key) ?? map.set(key, zero()).get(key)!;
const sortedByKey = <V>(map: Map<string, V>) => [...map.keys()].sort().map((key) => map.get(key)!);

/** The rollup lists an import writes once SUMS_PER_FLUSH sums have built up after a batch, sorted as PendingRollups sorts them. */
function sumFlushes(plays: readonly PlayRowValues[]): Flush[] {
  const flushes: Flush[] = [];
  let [hours, tracks, months] = [new Map<string, HourSums>(), new Map<number, TrackSums>(), new Map<string, MonthSums>()];
  plays.forEach(([endedAt, trackId, msPlayed, counted, day, hour, weekday], at) => {
    const ms = counted ? msPlayed : 0;
    const h = sumsOf(hours, `${day}${String(hour).padStart(2, '0')}`, (): HourSums => [day, hour, weekday, 0, 0, 0]);
    [h[3], h[4], h[5]] = [h[3] + counted, h[4] + ms, h[5] + 1 - counted];
    const t = sumsOf(tracks, trackId, (): TrackSums => [trackId, 0, 0, 0, null, null]);
    [t[1], t[2], t[3]] = [t[1] + counted, t[2] + ms, t[3] + 1 - counted];
    if (counted) {
      [t[4], t[5]] = [Math.min(t[4] ?? endedAt, endedAt), Math.max(t[5] ?? endedAt, endedAt)];
      const m = sumsOf(months, `${day.slice(0, 7)}${String(trackId).padStart(10, '0')}`, (): MonthSums => [day.slice(0, 7), trackId, 0, 0]);
      [m[2], m[3]] = [m[2] + 1, m[3] + ms];
    }
    const last = at === plays.length - 1;
    if (last || ((at + 1) % PLAYS_PER_INSERT === 0 && hours.size + tracks.size + months.size >= SUMS_PER_FLUSH)) {
      const byTrack = [...tracks.values()].sort((a, b) => a[0] - b[0]);
      flushes.push({
        afterBatch: Math.floor(at / PLAYS_PER_INSERT),
        lists: { day_hour_stats: sortedByKey(hours), track_stats: byTrack, track_months: sortedByKey(months) },
      });
      [hours, tracks, months] = [new Map(), new Map(), new Map()];
    }
  });
  return flushes;
}

type Times = Record<Layout, { encode: number; statement: number; rows: number }>;

/** Runs one statement: its encoding and its execution timed apart. */
async function timed(tx: Transaction, codec: Codec, rows: readonly Sums[], into: Times[Layout]): Promise<void> {
  const started = performance.now();
  const encoded = codec.encode(rows);
  const executing = performance.now();
  await tx.execute({ sql: codec.sql, args: encoded });
  into.encode += executing - started;
  into.statement += performance.now() - executing;
  into.rows += rows.length;
}

/** The whole import's statements of these kinds into a fresh database, with what an import sets aside set aside. */
async function runImport(variant: 'fixed' | 'json', plays: readonly PlayRowValues[], flushes: readonly Flush[]): Promise<Times> {
  const file = path.join(args.dir, `records-${variant}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  const db = createDatabase(`file:${file}`);
  await migrateDatabase(db);
  const client = db.$client;
  await client.execute('PRAGMA foreign_keys = OFF');
  const drop = await client.execute(`SELECT type, name FROM sqlite_master WHERE (type = 'trigger' AND tbl_name IN ('plays', 'track_months'))
    OR (type = 'index' AND tbl_name IN ('plays', 'track_stats') AND sql IS NOT NULL
      AND name NOT IN ('plays_stream_idx', 'plays_api_track_ended_idx', 'plays_range_idx'))`);
  await client.batch(drop.rows.map((row) => `DROP ${String(row.type).toUpperCase()} "${String(row.name)}"`));
  const times = Object.fromEntries(
    (['plays', 'day_hour_stats', 'track_stats', 'track_months'] as const).map((k) => [k, { encode: 0, statement: 0, rows: 0 }]),
  ) as Times;
  const tx = await client.transaction('write');
  let flush = 0;
  for (let batch = 0; batch * PLAYS_PER_INSERT < plays.length; batch++) {
    await timed(tx, CODECS.plays[variant], plays.slice(batch * PLAYS_PER_INSERT, (batch + 1) * PLAYS_PER_INSERT), times.plays);
    for (; flushes[flush]?.afterBatch === batch; flush++)
      for (const layout of ['day_hour_stats', 'track_stats', 'track_months'] as const)
        await timed(tx, CODECS[layout][variant], flushes[flush]!.lists[layout], times[layout]);
  }
  await tx.commit();
  client.close();
  return times;
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);

/**
 * `npx tsx --conditions=react-server tests/bench/records.ts [-- --rows N --rounds R]`: each list
 * the import hands to one statement, as fixed-width records against plain JSON rows, in
 * alternated rounds (docs/performance.md, "Fixed-width records against JSON").
 */
async function main(): Promise<void> {
  const plays = generatePlays();
  const flushes = sumFlushes(plays);
  const load = loadavg().map((n) => n.toFixed(2));
  console.log(`${plays.length} plays, ${flushes.length} rollup flushes; loadavg ${load.join(' ')}`);
  for (let round = 1; round <= args.rounds; round++) {
    for (const variant of round % 2 ? (['fixed', 'json'] as const) : (['json', 'fixed'] as const)) {
      const machine = watchMachine();
      const cpu = process.cpuUsage();
      const times = await runImport(variant, plays, flushes);
      const { user, system } = process.cpuUsage(cpu);
      const cells = Object.entries(times).map(([k, t]) => `${k} ${seconds(t.encode)} + ${seconds(t.statement)} s (${t.rows})`);
      console.log(`round ${round} ${variant.padEnd(5)} ${cells.join(' | ')}`);
      console.log(`  ${((user + system) / 1e6).toFixed(1)} s of CPU time; ${machine()}; loadavg ${loadavg()[0]!.toFixed(2)}`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

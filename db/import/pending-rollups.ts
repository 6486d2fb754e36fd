import type { InStatement } from '@libsql/client';
import { digits, recordLayout, text } from './fixed-width';

/** An inserted play as the rollups see it: [ended_at, track_id, ms_played, counted, local_day, local_hour, local_weekday]. */
export type RollupRow = readonly [number, number, number, number, string, number, number, ...unknown[]];

type HourSums = [day: string, hour: number, weekday: number, plays: number, msPlayed: number, skips: number];
type TrackSums = [trackId: number, plays: number, msPlayed: number, skips: number, first: number | null, last: number | null];
type MonthSums = [month: string, trackId: number, plays: number, msPlayed: number];

const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/** Sums nested by their first key, then their second: no key string is built per row. */
class NestedSums<K1, K2, S> {
  readonly byFirst = new Map<K1, Map<K2, S>>();
  size = 0;

  get(a: K1, b: K2): S | undefined {
    return this.byFirst.get(a)?.get(b);
  }

  /** After get() found nothing under (a, b). */
  put(a: K1, b: K2, sums: S): S {
    let inner = this.byFirst.get(a);
    if (!inner) this.byFirst.set(a, (inner = new Map()));
    inner.set(b, sums);
    this.size++;
    return sums;
  }

  /** Every sum ordered by both keys: SQLite then writes each B-tree page once instead of at random. */
  sorted(compareFirst: (a: K1, b: K1) => number, compareSecond: (a: K2, b: K2) => number): S[] {
    const out: S[] = [];
    for (const a of [...this.byFirst.keys()].sort(compareFirst)) {
      const inner = this.byFirst.get(a)!;
      for (const b of [...inner.keys()].sort(compareSecond)) out.push(inner.get(b)!);
    }
    return out;
  }
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byNumber = (a: number, b: number) => a - b;

/**
 * Month sums as fixed-width records (RecordLayout). A large import has about one (month,
 * track) pair per play, so this list is the longest an import writes but the plays themselves.
 */
const MONTH_ROLLUP = recordLayout('month rollup', [
  text('month', 7, '0123456789-'),
  digits('track_id', 10),
  digits('plays', 8),
  digits('ms_played', 13),
]);

/** Track sums as fixed-width records, first and last counted end 0 for none. */
const TRACK_ROLLUP = recordLayout('track rollup', [
  digits('track_id', 10),
  digits('plays', 8),
  digits('ms_played', 13),
  digits('skips', 8),
  digits('first_ended_at', 13, { nullAs: 0 }),
  digits('last_ended_at', 13, { nullAs: 0 }),
]);

const month = MONTH_ROLLUP.sql('value');
const genreMonth = MONTH_ROLLUP.sql('m.value');
const track = TRACK_ROLLUP.sql('value');

/**
 * What the plays INSERT triggers would have added to `day_hour_stats`, `track_stats` and `track_months`, summed
 * in memory for plays inserted while DEFER_ROLLUPS is in force, and written by statements()
 * as one upsert per table. Those upserts must run before any UPDATE or DELETE of a play
 * (whose triggers expect the rollups to include it) and before the transaction ends.
 */
export class PendingRollups {
  private hours = new NestedSums<string, number, HourSums>();
  private tracks = new Map<number, TrackSums>();
  private months = new NestedSums<string, number, MonthSums>();

  get empty(): boolean {
    return this.tracks.size === 0;
  }

  /** Sums held: what their memory, and the upserts' work, grow with. */
  get size(): number {
    return this.hours.size + this.tracks.size + this.months.size;
  }

  add(rows: Iterable<RollupRow>): void {
    // In place, without an array per row: this runs for every play of an import.
    for (const [endedAt, trackId, msPlayed, counted, day, hour, weekday] of rows) {
      const ms = counted ? msPlayed : 0;
      const hourSums = this.hours.get(day, hour) ?? this.hours.put(day, hour, [day, hour, weekday, 0, 0, 0]);
      hourSums[3] += counted;
      hourSums[4] += ms;
      hourSums[5] += 1 - counted;
      let track = this.tracks.get(trackId);
      if (!track) this.tracks.set(trackId, (track = [trackId, 0, 0, 0, null, null]));
      track[1] += counted;
      track[2] += ms;
      track[3] += 1 - counted;
      if (!counted) continue;
      track[4] = minOf(track[4], endedAt);
      track[5] = maxOf(track[5], endedAt);
      const month = day.slice(0, 7);
      const monthSums = this.months.get(month, trackId) ?? this.months.put(month, trackId, [month, trackId, 0, 0]);
      monthSums[2] += 1;
      monthSums[3] += ms;
    }
  }

  /** Adds another's sums to these. */
  merge(other: PendingRollups): void {
    for (const inner of other.hours.byFirst.values()) for (const sums of inner.values()) this.addHour(sums);
    for (const sums of other.tracks.values()) this.addTrack(sums);
    for (const inner of other.months.byFirst.values()) for (const sums of inner.values()) this.addMonth(sums);
  }

  clear(): void {
    this.hours = new NestedSums();
    this.tracks.clear();
    this.months = new NestedSums();
  }

  private addMonth(sums: MonthSums): void {
    const known = this.months.get(sums[0], sums[1]) ?? this.months.put(sums[0], sums[1], [sums[0], sums[1], 0, 0]);
    known[2] += sums[2];
    known[3] += sums[3];
  }

  private addHour(sums: HourSums): void {
    const known = this.hours.get(sums[0], sums[1]) ?? this.hours.put(sums[0], sums[1], [sums[0], sums[1], sums[2], 0, 0, 0]);
    known[3] += sums[3];
    known[4] += sums[4];
    known[5] += sums[5];
  }

  private addTrack(sums: TrackSums): void {
    const known = this.tracks.get(sums[0]);
    if (!known) {
      this.tracks.set(sums[0], [...sums]);
      return;
    }
    known[1] += sums[1];
    known[2] += sums[2];
    known[3] += sums[3];
    known[4] = minOf(known[4], sums[4]);
    known[5] = maxOf(known[5], sums[5]);
  }

  /**
   * The upserts adding the sums so far (the same merge as the triggers'). With `genreMonths`,
   * for a caller that has set aside the genre_months triggers on track_months (ImportTriggers),
   * one more adds the months' deltas to every genre of their tracks, as those triggers would
   * (any_genre first, CROSS JOIN keeping it the outer loop: before enrichment no track has a
   * genre, and the months are then not even read).
   */
  statements({ genreMonths = false }: { genreMonths?: boolean } = {}): InStatement[] {
    if (this.empty) return [];
    const months = MONTH_ROLLUP.encode(this.months.sorted(byText, byNumber));
    const statements: InStatement[] = [
      {
        sql: `INSERT INTO day_hour_stats (local_day, local_hour, local_weekday, plays, ms_played, skips)
          SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5 FROM json_each(?) WHERE true
          ON CONFLICT (local_day, local_hour) DO UPDATE SET
            plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played, skips = skips + excluded.skips`,
        args: [JSON.stringify(this.hours.sorted(byText, byNumber))],
      },
      {
        sql: `INSERT INTO track_stats (track_id, plays, ms_played, skips, first_ended_at, last_ended_at)
          SELECT ${track.track_id}, ${track.plays}, ${track.ms_played}, ${track.skips}, ${track.first_ended_at}, ${track.last_ended_at}
          FROM json_each(?) WHERE true
          ON CONFLICT (track_id) DO UPDATE SET
            plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played, skips = skips + excluded.skips,
            first_ended_at = coalesce(min(first_ended_at, excluded.first_ended_at), first_ended_at, excluded.first_ended_at),
            last_ended_at = coalesce(max(last_ended_at, excluded.last_ended_at), last_ended_at, excluded.last_ended_at)`,
        args: [TRACK_ROLLUP.encode([...this.tracks.values()].sort((a, b) => a[0] - b[0]))],
      },
      {
        sql: `INSERT INTO track_months (month, track_id, plays, ms_played)
          SELECT ${month.month}, ${month.track_id}, ${month.plays}, ${month.ms_played} FROM json_each(?) WHERE true
          ON CONFLICT (month, track_id) DO UPDATE SET plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played`,
        args: [months],
      },
    ];
    if (genreMonths) {
      statements.push({
        sql: `INSERT INTO genre_months (month, genre_id, plays, ms_played)
          SELECT ${genreMonth.month}, tg.genre_id, sum(${genreMonth.plays}), sum(${genreMonth.ms_played})
          FROM (SELECT 1 WHERE EXISTS (SELECT 1 FROM track_genres)) AS any_genre
            CROSS JOIN json_each(?) m JOIN track_genres tg ON tg.track_id = ${genreMonth.track_id}
          WHERE true GROUP BY 1, 2
          ON CONFLICT (month, genre_id) DO UPDATE SET plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played`,
        args: [months],
      });
    }
    return statements;
  }
}

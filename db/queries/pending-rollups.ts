import type { InStatement } from '@libsql/client';

/** An inserted play as the rollups see it: [ended_at, track_id, ms_played, counted, local_day, local_hour, local_weekday]. */
export type RollupRow = readonly [number, number, number, number, string, number, number, ...unknown[]];

type HourSums = [day: string, hour: number, weekday: number, plays: number, msPlayed: number, skips: number];
type TrackSums = [trackId: number, plays: number, msPlayed: number, skips: number, first: number | null, last: number | null];
type MonthSums = [month: string, trackId: number, plays: number, msPlayed: number];

const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/**
 * What the plays INSERT triggers would have added to `day_hour_stats`, `track_stats` and `track_months`, summed
 * in memory for plays inserted while DEFER_ROLLUPS is in force, and written by statements()
 * as one upsert per table. Those upserts must run before any UPDATE or DELETE of a play
 * (whose triggers expect the rollups to include it) and before the transaction ends.
 */
export class PendingRollups {
  private hours = new Map<string, HourSums>();
  private tracks = new Map<number, TrackSums>();
  private months = new Map<string, MonthSums>();

  get empty(): boolean {
    return this.tracks.size === 0;
  }

  add(rows: Iterable<RollupRow>): void {
    for (const [endedAt, trackId, msPlayed, counted, day, hour, weekday] of rows) {
      const ms = counted ? msPlayed : 0;
      const at = counted ? endedAt : null;
      this.addHour([day, hour, weekday, counted, ms, 1 - counted]);
      this.addTrack([trackId, counted, ms, 1 - counted, at, at]);
      if (counted) this.addMonth(day.slice(0, 7), trackId, ms);
    }
  }

  clear(): void {
    this.hours.clear();
    this.tracks.clear();
    this.months.clear();
  }

  private addMonth(month: string, trackId: number, ms: number): void {
    const key = `${month} ${trackId}`;
    const known = this.months.get(key);
    if (!known) {
      this.months.set(key, [month, trackId, 1, ms]);
      return;
    }
    known[2] += 1;
    known[3] += ms;
  }

  private addHour(sums: HourSums): void {
    const key = `${sums[0]} ${sums[1]}`;
    const known = this.hours.get(key);
    if (!known) {
      this.hours.set(key, [...sums]);
      return;
    }
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

  /** The upserts adding the sums so far (the same merge as the trigger's). */
  statements(): InStatement[] {
    if (this.empty) return [];
    return [
      {
        sql: `INSERT INTO day_hour_stats (local_day, local_hour, local_weekday, plays, ms_played, skips)
          SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5 FROM json_each(?) WHERE true
          ON CONFLICT (local_day, local_hour) DO UPDATE SET
            plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played, skips = skips + excluded.skips`,
        args: [JSON.stringify([...this.hours.values()])],
      },
      {
        sql: `INSERT INTO track_stats (track_id, plays, ms_played, skips, first_ended_at, last_ended_at)
          SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5 FROM json_each(?) WHERE true
          ON CONFLICT (track_id) DO UPDATE SET
            plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played, skips = skips + excluded.skips,
            first_ended_at = coalesce(min(first_ended_at, excluded.first_ended_at), first_ended_at, excluded.first_ended_at),
            last_ended_at = coalesce(max(last_ended_at, excluded.last_ended_at), last_ended_at, excluded.last_ended_at)`,
        args: [JSON.stringify([...this.tracks.values()])],
      },
      {
        sql: `INSERT INTO track_months (month, track_id, plays, ms_played)
          SELECT value->>0, value->>1, value->>2, value->>3 FROM json_each(?) WHERE true
          ON CONFLICT (month, track_id) DO UPDATE SET plays = plays + excluded.plays, ms_played = ms_played + excluded.ms_played`,
        args: [JSON.stringify([...this.months.values()])],
      },
    ];
  }
}

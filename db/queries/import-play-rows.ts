import 'server-only';
import type { InStatement } from '@libsql/client';

/**
 * An exported play as inserted: [ended_at, track_id, ms_played, counted, local_day,
 * local_hour, local_weekday, platform, shuffle, skipped, offline, reason_start, reason_end].
 * Its first seven values are what the rollups need (RollupRow).
 */
export type PlayRowValues = [
  endedAt: number,
  trackId: number,
  msPlayed: number,
  counted: 0 | 1,
  localDay: string,
  localHour: number,
  localWeekday: number,
  platform: string | null,
  shuffle: 0 | 1 | null,
  skipped: 0 | 1 | null,
  offline: 0 | 1 | null,
  reasonStart: string | null,
  reasonEnd: string | null,
];

/**
 * Each play travels to SQLite as one fixed-width string in a JSON list of strings, its texts
 * as numbers into a second list: SQLite cuts a string with substr() several times faster
 * than it reads elements of a nested JSON array (`value->>n` re-reads the row's JSON every
 * time), which was the larger part of the INSERT. Fields, by 1-based position:
 *
 *   1  ended_at       13 digits      43 local_hour      2 digits
 *   14 track_id       10 digits      45 local_weekday   1 digit
 *   24 ms_played       8 digits      46 shuffle, skipped, offline: 1 digit each, 2 for null
 *   32 counted         1 digit       49 platform, 54 reason_start, 59 reason_end: 5 digits
 *   33 local_day      10 chars          each, an index into the texts (0 for null)
 */
const WIDTHS = { endedAt: 13, trackId: 10, msPlayed: 8, text: 5 } as const;

function digits(value: number, width: number, field: string): string {
  const text = String(value);
  if (!Number.isInteger(value) || value < 0 || text.length > width) throw new RangeError(`${field} ${value} does not fit the import's play encoding`);
  return text.padStart(width, '0');
}

const flag = (value: 0 | 1 | null) => (value === null ? '2' : String(value));

/** The two arguments of INSERT_PLAYS for these rows. */
export function encodePlayRows(rows: readonly PlayRowValues[]): [records: string, texts: string] {
  const texts = new Map<string, number>();
  const textIndex = (text: string | null) => {
    if (text === null) return '0'.repeat(WIDTHS.text);
    let index = texts.get(text);
    if (index === undefined) texts.set(text, (index = texts.size + 1));
    return digits(index, WIDTHS.text, 'text index');
  };
  const records = rows.map((row) => {
    const [endedAt, trackId, msPlayed, counted, day, hour, weekday, platform, shuffle, skipped, offline, reasonStart, reasonEnd] = row;
    if (day.length !== 10) throw new RangeError(`local day ${day} does not fit the import's play encoding`);
    return (
      digits(endedAt, WIDTHS.endedAt, 'ended_at') +
      digits(trackId, WIDTHS.trackId, 'track_id') +
      digits(msPlayed, WIDTHS.msPlayed, 'ms_played') +
      counted +
      day +
      digits(hour, 2, 'local_hour') +
      digits(weekday, 1, 'local_weekday') +
      flag(shuffle) +
      flag(skipped) +
      flag(offline) +
      textIndex(platform) +
      textIndex(reasonStart) +
      textIndex(reasonEnd)
    );
  });
  return [JSON.stringify(records), JSON.stringify([null, ...texts.keys()])];
}

const int = (from: number, width: number) => `CAST(substr(value, ${from}, ${width}) AS INTEGER)`;
const nullableFlag = (at: number) => `nullif(${int(at, 1)}, 2)`;
const text = (at: number) => `?2 ->> ${int(at, WIDTHS.text)}`;

/** Inserts the plays encodePlayRows() packed: its records as ?1, its texts as ?2. */
const INSERT_PLAYS = `INSERT INTO plays (ended_at, track_id, ms_played, ms_played_estimated, source, counted, local_day, local_hour,
    local_weekday, platform, shuffle, skipped, offline, reason_start, reason_end)
  SELECT ${int(1, 13)}, ${int(14, 10)}, ${int(24, 8)}, 0, 'export', ${int(32, 1)}, substr(value, 33, 10), ${int(43, 2)},
    ${int(45, 1)}, ${text(49)}, ${nullableFlag(46)}, ${nullableFlag(47)}, ${nullableFlag(48)}, ${text(54)}, ${text(59)}
  FROM json_each(?1)`;

export function insertPlaysStatement(rows: readonly PlayRowValues[]): InStatement {
  return { sql: INSERT_PLAYS, args: encodePlayRows(rows) };
}

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
const RECORD_CHARS = 63;
const ZERO = 48;
const QUOTE = 34;
const POWERS = Array.from({ length: 14 }, (_, width) => 10 ** width);

/** Writes `value` as exactly `width` digits at `at`, or throws: a value that does not fit is never cut. */
function writeDigits(out: Buffer, at: number, value: number, width: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value >= POWERS[width]!) throw new RangeError(`${field} ${value} does not fit the import's play encoding`);
  // Below 2^31 the digits come from integer arithmetic; ended_at is written as two halves.
  let rest = value;
  let i = width - 1;
  if (rest > 0x7fffffff) {
    let low = rest % 1e8;
    rest = (rest - low) / 1e8;
    for (const end = i - 8; i > end; i--) {
      out[at + i] = ZERO + (low % 10);
      low = (low / 10) | 0;
    }
  }
  for (; i >= 0; i--) {
    out[at + i] = ZERO + (rest % 10);
    rest = (rest / 10) | 0;
  }
}

const flag = (value: 0 | 1 | null) => (value === null ? 2 : value);

/**
 * The two arguments of INSERT_PLAYS for these rows. The list of records is written byte by
 * byte into one buffer: building a string per field and per record, then quoting them all
 * again in JSON.stringify, cost more than the rest of an import's JavaScript but parsing.
 */
export function encodePlayRows(rows: readonly PlayRowValues[]): [records: string, texts: string] {
  const texts = new Map<string, number>();
  const textIndex = (text: string | null) => {
    if (text === null) return 0;
    let index = texts.get(text);
    if (index === undefined) texts.set(text, (index = texts.size + 1));
    return index;
  };
  const out = Buffer.allocUnsafe(2 + rows.length * (RECORD_CHARS + 3));
  let at = 0;
  out[at++] = 91; // [
  for (const row of rows) {
    const [endedAt, trackId, msPlayed, counted, day, hour, weekday, platform, shuffle, skipped, offline, reasonStart, reasonEnd] = row;
    if (day.length !== 10) throw new RangeError(`local day ${day} does not fit the import's play encoding`);
    if (at > 1) out[at++] = 44; // ,
    out[at++] = QUOTE;
    writeDigits(out, at, endedAt, WIDTHS.endedAt, 'ended_at');
    writeDigits(out, at + 13, trackId, WIDTHS.trackId, 'track_id');
    writeDigits(out, at + 23, msPlayed, WIDTHS.msPlayed, 'ms_played');
    writeDigits(out, at + 31, counted, 1, 'counted');
    for (let i = 0; i < 10; i++) out[at + 32 + i] = day.charCodeAt(i);
    writeDigits(out, at + 42, hour, 2, 'local_hour');
    writeDigits(out, at + 44, weekday, 1, 'local_weekday');
    writeDigits(out, at + 45, flag(shuffle), 1, 'shuffle');
    writeDigits(out, at + 46, flag(skipped), 1, 'skipped');
    writeDigits(out, at + 47, flag(offline), 1, 'offline');
    writeDigits(out, at + 48, textIndex(platform), WIDTHS.text, 'text index');
    writeDigits(out, at + 53, textIndex(reasonStart), WIDTHS.text, 'text index');
    writeDigits(out, at + 58, textIndex(reasonEnd), WIDTHS.text, 'text index');
    at += RECORD_CHARS;
    out[at++] = QUOTE;
  }
  out[at++] = 93; // ]
  return [out.toString('latin1', 0, at), JSON.stringify([null, ...texts.keys()])];
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

import 'server-only';
import type { InStatement } from '@libsql/client';
import { fixedInt, FixedWidthRecords } from './fixed-width';

/**
 * An exported play as inserted: [ended_at, track_id, ms_played, counted, local_day,
 * local_hour, local_weekday, platform, shuffle, skipped, offline, reason_start, reason_end,
 * account (1 for account data, 0 for the extended export), stream_key]. Its first seven values
 * are what the rollups need (RollupRow).
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
  account: 0 | 1,
  streamKey: number,
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
 *   64 account         1 digit       65 stream_key     16 digits (53 bits)
 */
const WIDTHS = { endedAt: 13, trackId: 10, msPlayed: 8, text: 5, streamKey: 16 } as const;
const RECORD_CHARS = 80;

const flag = (value: 0 | 1 | null) => (value === null ? 2 : value);

/** The two arguments of INSERT_PLAYS for these rows. */
export function encodePlayRows(rows: readonly PlayRowValues[]): [records: string, texts: string] {
  const texts = new Map<string, number>();
  const textIndex = (text: string | null) => {
    if (text === null) return 0;
    let index = texts.get(text);
    if (index === undefined) texts.set(text, (index = texts.size + 1));
    return index;
  };
  const records = new FixedWidthRecords(rows.length, RECORD_CHARS, "import's play");
  for (const row of rows) {
    const [
      endedAt,
      trackId,
      msPlayed,
      counted,
      day,
      hour,
      weekday,
      platform,
      shuffle,
      skipped,
      offline,
      reasonStart,
      reasonEnd,
      account,
      streamKey,
    ] = row;
    records
      .next()
      .digits(0, endedAt, WIDTHS.endedAt, 'ended_at')
      .digits(13, trackId, WIDTHS.trackId, 'track_id')
      .digits(23, msPlayed, WIDTHS.msPlayed, 'ms_played')
      .digits(31, counted, 1, 'counted')
      .text(32, day, 10, 'local day')
      .digits(42, hour, 2, 'local_hour')
      .digits(44, weekday, 1, 'local_weekday')
      .digits(45, flag(shuffle), 1, 'shuffle')
      .digits(46, flag(skipped), 1, 'skipped')
      .digits(47, flag(offline), 1, 'offline')
      .digits(48, textIndex(platform), WIDTHS.text, 'text index')
      .digits(53, textIndex(reasonStart), WIDTHS.text, 'text index')
      .digits(58, textIndex(reasonEnd), WIDTHS.text, 'text index')
      .digits(63, account, 1, 'account')
      .digits(64, streamKey, WIDTHS.streamKey, 'stream_key');
  }
  return [records.toString(), JSON.stringify([null, ...texts.keys()])];
}

const int = (from: number, width: number) => fixedInt('value', from, width);
const nullableFlag = (at: number) => `nullif(${int(at, 1)}, 2)`;
const text = (at: number) => `?2 ->> ${int(at, WIDTHS.text)}`;

/** Inserts the plays encodePlayRows() packed: its records as ?1, its texts as ?2. */
const INSERT_PLAYS = `INSERT INTO plays (ended_at, track_id, ms_played, ms_played_estimated, source, counted, local_day, local_hour,
    local_weekday, platform, shuffle, skipped, offline, reason_start, reason_end, stream_key)
  SELECT ${int(1, 13)}, ${int(14, 10)}, ${int(24, 8)}, 0, iif(substr(value, 64, 1) = '1', 'account', 'export'), ${int(32, 1)},
    substr(value, 33, 10), ${int(43, 2)}, ${int(45, 1)}, ${text(49)}, ${nullableFlag(46)}, ${nullableFlag(47)}, ${nullableFlag(48)},
    ${text(54)}, ${text(59)}, ${int(65, 16)}
  FROM json_each(?1)`;

export function insertPlaysStatement(rows: readonly PlayRowValues[]): InStatement {
  return { sql: INSERT_PLAYS, args: encodePlayRows(rows) };
}

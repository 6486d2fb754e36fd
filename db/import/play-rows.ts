import 'server-only';
import type { InStatement } from '@libsql/client';
import { digits, recordLayout, text } from './fixed-width';

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

const DIGITS = '0123456789';

/**
 * Each play travels to SQLite as one fixed-width record (RecordLayout), its texts as indexes
 * into a second list (0 for null): cutting a string with substr() costs SQLite less than
 * reading the elements of a nested JSON array, which was the larger part of the INSERT. The
 * flags are written 2 for null.
 */
const PLAY = recordLayout("import's play", [
  digits('ended_at', 13),
  digits('track_id', 10),
  digits('ms_played', 8),
  digits('counted', 1),
  text('local_day', 10, `${DIGITS}-`),
  digits('local_hour', 2),
  digits('local_weekday', 1),
  digits('shuffle', 1, { nullAs: 2 }),
  digits('skipped', 1, { nullAs: 2 }),
  digits('offline', 1, { nullAs: 2 }),
  digits('platform', 5),
  digits('reason_start', 5),
  digits('reason_end', 5),
  digits('account', 1),
  digits('stream_key', 16),
]);

/** The two arguments of INSERT_PLAYS for these rows. */
export function encodePlayRows(rows: readonly PlayRowValues[]): [records: string, texts: string] {
  const texts = new Map<string, number>();
  const textIndex = (text: string | null) => {
    if (text === null) return 0;
    let index = texts.get(text);
    if (index === undefined) texts.set(text, (index = texts.size + 1));
    return index;
  };
  const records = PLAY.encode(
    rows,
    ([
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
      key,
    ]) => [
      endedAt,
      trackId,
      msPlayed,
      counted,
      day,
      hour,
      weekday,
      shuffle,
      skipped,
      offline,
      textIndex(platform),
      textIndex(reasonStart),
      textIndex(reasonEnd),
      account,
      key,
    ],
  );
  return [records, JSON.stringify([null, ...texts.keys()])];
}

const play = PLAY.sql('value');

/** Inserts the plays encodePlayRows() packed: its records as ?1, its texts as ?2. */
const INSERT_PLAYS = `INSERT INTO plays (ended_at, track_id, ms_played, ms_played_estimated, source, counted, local_day, local_hour,
    local_weekday, platform, shuffle, skipped, offline, reason_start, reason_end, stream_key)
  SELECT ${play.ended_at}, ${play.track_id}, ${play.ms_played}, 0, iif(${play.account} = 1, 'account', 'export'), ${play.counted},
    ${play.local_day}, ${play.local_hour}, ${play.local_weekday}, ?2 ->> ${play.platform}, ${play.shuffle}, ${play.skipped}, ${play.offline},
    ?2 ->> ${play.reason_start}, ?2 ->> ${play.reason_end}, ${play.stream_key}
  FROM json_each(?1)`;

export function insertPlaysStatement(rows: readonly PlayRowValues[]): InStatement {
  return { sql: INSERT_PLAYS, args: encodePlayRows(rows) };
}

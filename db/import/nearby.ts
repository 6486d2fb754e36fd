import 'server-only';
import type { InStatement, ResultSet } from '@libsql/client';
import type { StoredEpisode } from '@/lib/import/episode-merge';
import type { ExistingPlay, StoredFields } from '@/lib/import/merge';

/** Sorted rows per range query when looking for stored plays to merge with. */
const RANGE_ROWS = 1_000;

const ORIGINS = ['api', 'minute', 'second'] as const;

/** Slices of the sorted times, each widened by the match margin: the ended_at ranges to read. */
function nearbyRanges(times: number[], marginMs: number): [from: number, to: number][] {
  const sorted = [...times].sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  for (let at = 0; at < sorted.length; at += RANGE_ROWS) {
    ranges.push([sorted[at]! - marginMs, sorted[Math.min(at + RANGE_ROWS, sorted.length) - 1]! + marginMs]);
  }
  return ranges;
}

type NearbyPlay = [
  number,
  number,
  string,
  number,
  0 | 1 | 2,
  number,
  number | null,
  number,
  number,
  [string | null, 0 | 1 | null, 0 | 1 | null, 0 | 1 | null, string | null, string | null] | null,
];

const flagOf = (value: 0 | 1 | null) => (value === null ? null : value === 1);

/**
 * The reads of stored plays around a batch's rows, one ended_at range query per slice of the sorted rows,
 * all in one round trip. Each query answers one JSON row: converting thousands of result
 * rows one by one costs more than the queries. A play that holds an export row but no key
 * (stored before keys existed) brings the fields its row is recognised by.
 */
export function nearbyPlaysStatements(rows: readonly { endedAt: number }[], marginMs: number): InStatement[] {
  return nearbyRanges(
    rows.map((row) => row.endedAt),
    marginMs,
  ).map((args) => ({
    sql: `SELECT json_group_array(json_array(p.id, p.track_id, t.lookup_key, p.ended_at,
          CASE p.source WHEN 'api' THEN 0 WHEN 'account' THEN 1 ELSE 2 END, p.ms_played, p.stream_key,
          p.ms_played_estimated = 0, p.reason_end IS NOT NULL,
          CASE WHEN p.stream_key IS NULL AND (p.source <> 'api' OR p.ms_played_estimated = 0)
            THEN json_array(p.platform, p.shuffle, p.skipped, p.offline, p.reason_start, p.reason_end) END)) AS plays
        FROM plays p JOIN tracks t ON t.id = p.track_id WHERE p.ended_at BETWEEN ? AND ?`,
    args,
  }));
}

/** The stored plays nearbyPlaysStatements() found, each once. */
export function toNearbyPlays(results: readonly ResultSet[]): ExistingPlay[] {
  const seen = new Map<number, ExistingPlay>();
  for (const result of results) {
    for (const [id, trackId, lookupKey, endedAt, origin, msPlayed, streamKey, exact, detailed, fields] of JSON.parse(
      String(result.rows[0]![0]),
    ) as NearbyPlay[]) {
      const legacy: StoredFields | null = fields && {
        platform: fields[0],
        shuffle: flagOf(fields[1]),
        skipped: flagOf(fields[2]),
        offline: flagOf(fields[3]),
        reasonStart: fields[4],
        reasonEnd: fields[5],
      };
      seen.set(id, {
        id,
        trackId,
        lookupKey,
        endedAt,
        origin: ORIGINS[origin],
        msPlayed,
        streamKey,
        exact: exact === 1,
        detailed: detailed === 1,
        legacy,
      });
    }
  }
  return [...seen.values()];
}

/** Stored podcast and audiobook streams around a batch's episode rows, as nearbyPlaysStatements. */
export function nearbyEpisodesStatements(rows: readonly { endedAt: number }[], marginMs: number): InStatement[] {
  return nearbyRanges(
    rows.map((row) => row.endedAt),
    marginMs,
  ).map((args) => ({
    sql: `SELECT json_group_array(json_array(id, spotify_uri, title, show_name, ended_at, ms_played, stream_key)) AS episodes
        FROM episode_plays WHERE ended_at BETWEEN ? AND ?`,
    args,
  }));
}

export function toNearbyEpisodes(results: readonly ResultSet[]): StoredEpisode[] {
  const seen = new Map<number, StoredEpisode>();
  for (const result of results) {
    const episodes = JSON.parse(String(result.rows[0]![0])) as [
      number,
      string,
      string | null,
      string | null,
      number,
      number,
      number | null,
    ][];
    for (const [id, uri, title, showName, endedAt, msPlayed, streamKey] of episodes)
      seen.set(id, { id, uri, title, showName, endedAt, msPlayed, streamKey });
  }
  return [...seen.values()];
}

import 'server-only';
import type { InStatement, Transaction } from '@libsql/client';
import type { createLocalParts } from '@/lib/import/local-time';
import { MATCH_MARGIN_MS, planMerge, type ExistingPlay, type IncomingPlay } from '@/lib/import/merge';
import { emptyCounts, type WriteCounts } from '@/lib/import/summary';
import type { EpisodeRow, RowBatch } from '@/lib/import/types';
import type { ImportTrackResolver } from './import-tracks';
import type { PlaysIndexes } from './import-indexes';
import type { ImportRollups } from './import-rollups';
import type { ImportTriggers } from './import-triggers';
import { insertPlaysStatement, type PlayRowValues } from './import-play-rows';
import { insertJsonStatement } from './sql';

/** The counting rule: shorter export rows are kept as skips. */
const COUNTED_MIN_MS = 30_000;
/** Sorted rows per range query when looking for stored plays to merge with. */
const RANGE_ROWS = 1_000;

const ORIGINS = ['api', 'minute', 'second'] as const;

/**
 * Stored plays around a batch's rows, one ended_at range query per slice of the sorted rows,
 * all in one round trip. Each query answers one JSON row: converting thousands of result
 * rows one by one costs more than the queries. An account-data play is told apart by having
 * only a minute.
 */
async function selectNearbyPlays(tx: Transaction, rows: IncomingPlay[]): Promise<ExistingPlay[]> {
  const times = rows.map((row) => row.endedAt).sort((a, b) => a - b);
  const statements: InStatement[] = [];
  for (let at = 0; at < times.length; at += RANGE_ROWS) {
    const last = times[Math.min(at + RANGE_ROWS, times.length) - 1]!;
    statements.push({
      sql: `SELECT json_group_array(json_array(p.id, p.track_id, t.lookup_key, p.ended_at,
          CASE WHEN p.source = 'api' THEN 0
               WHEN p.reason_end IS NULL AND p.platform IS NULL AND p.ended_at % 60000 = 0 THEN 1 ELSE 2 END,
          p.ms_played_estimated = 0, p.reason_end IS NOT NULL)) AS plays
        FROM plays p JOIN tracks t ON t.id = p.track_id WHERE p.ended_at BETWEEN ? AND ?`,
      args: [times[at]! - MATCH_MARGIN_MS, last + MATCH_MARGIN_MS],
    });
  }
  const seen = new Map<number, ExistingPlay>();
  for (const result of statements.length > 0 ? await tx.batch(statements) : []) {
    const plays = JSON.parse(String(result.rows[0]![0])) as [number, number, string, number, 0 | 1 | 2, number, number][];
    for (const [id, trackId, lookupKey, endedAt, origin, exact, detailed] of plays) {
      seen.set(id, { id, trackId, lookupKey, endedAt, origin: ORIGINS[origin], exact: exact === 1, detailed: detailed === 1 });
    }
  }
  return [...seen.values()];
}

type LocalTimes = ReturnType<typeof createLocalParts>;

function localColumns(endedAt: number, localTimes: LocalTimes) {
  const local = localTimes(endedAt);
  return [local.day, local.hour, local.weekday];
}

const bool = (value: boolean | null) => (value === null ? null : value ? 1 : 0) as 0 | 1 | null;

function detailColumns(row: IncomingPlay) {
  return [row.platform, bool(row.shuffle), bool(row.skipped), bool(row.offline), row.reasonStart, row.reasonEnd];
}

/** What a batch is written with: the file's transaction and the import's state. */
export type BatchContext = {
  tx: Transaction;
  resolver: ImportTrackResolver;
  localTimes: LocalTimes;
  /** The rollups of the plays inserted: add() keeps them, flush() gives the upserts writing the sums so far. */
  rollups: Pick<ImportRollups, 'add' | 'flush'>;
  indexes: Pick<PlaysIndexes, 'takeRebuildStatements'>;
  triggers: Pick<ImportTriggers, 'dropped' | 'takeRestoreStatements'>;
};

function writeStatements(plan: ReturnType<typeof planMerge>, { localTimes, rollups, indexes, triggers }: BatchContext): InStatement[] {
  const inserts = plan.inserts.map((row): PlayRowValues => {
    const local = localTimes(row.endedAt);
    return [
      row.endedAt, row.trackId, row.msPlayed, row.msPlayed >= COUNTED_MIN_MS ? 1 : 0, local.day, local.hour, local.weekday,
      row.platform, bool(row.shuffle), bool(row.skipped), bool(row.offline), row.reasonStart, row.reasonEnd,
    ];
  });
  // One statement for the whole batch: SQLite unpacks its packed rows far faster than it binds
  // and parses thousands of placeholders.
  const statements: InStatement[] = inserts.length > 0 ? [insertPlaysStatement(inserts)] : [];
  // The insert triggers are off for the session (ImportTriggers, DEFER_ROLLUPS): the plays are
  // summed in memory, and written before any UPDATE below, whose triggers expect the rollups to
  // include them, read plays by track (through the indexes a bulk import sets aside) and change
  // track_months, which genre_months must follow (through the triggers set aside).
  rollups.add(inserts);
  if (plan.enrich.length + plan.supersede.length > 0) {
    statements.push(...indexes.takeRebuildStatements(), ...rollups.flush({ genreMonths: triggers.dropped }), ...triggers.takeRestoreStatements());
  }
  for (const { row, playId } of plan.enrich) {
    // A polled play keeps its time (milliseconds) and its counting; the export adds what the API lacks.
    statements.push(
      row.precision === 'minute'
        ? { sql: 'UPDATE plays SET ms_played = ?, ms_played_estimated = 0 WHERE id = ?', args: [row.msPlayed, playId] }
        : {
            sql: `UPDATE plays SET ms_played = ?, ms_played_estimated = 0, platform = ?, shuffle = ?, skipped = ?, offline = ?,
                reason_start = ?, reason_end = ? WHERE id = ?`,
            args: [row.msPlayed, ...detailColumns(row), playId],
          },
    );
  }
  for (const { row, playId } of plan.supersede) {
    statements.push({
      sql: `UPDATE plays SET track_id = ?, ended_at = ?, ms_played = ?, counted = ?, local_day = ?, local_hour = ?, local_weekday = ?,
          platform = ?, shuffle = ?, skipped = ?, offline = ?, reason_start = ?, reason_end = ? WHERE id = ?`,
      args: [row.trackId, row.endedAt, row.msPlayed, row.msPlayed >= COUNTED_MIN_MS ? 1 : 0, ...localColumns(row.endedAt, localTimes), ...detailColumns(row), playId],
    });
  }
  return statements;
}

function episodeStatements(episodes: EpisodeRow[], localTimes: LocalTimes): InStatement[] {
  if (episodes.length === 0) return [];
  return [
    insertJsonStatement(
      'INSERT OR IGNORE INTO episode_plays (kind, spotify_uri, title, show_name, ended_at, ms_played, local_day)',
      episodes.map((e) => [e.kind, e.uri, e.title, e.showName, e.endedAt, e.msPlayed, localTimes(e.endedAt).day]),
    ),
  ];
}

/** Writes one batch inside the file's transaction and says what became of its rows. */
export async function writeBatch(context: BatchContext, batch: RowBatch): Promise<WriteCounts> {
  const { tx, resolver, localTimes } = context;
  const incoming = await resolver.resolve(batch.music);
  const plan = planMerge(incoming, await selectNearbyPlays(tx, incoming), (row) => resolver.keyOf(row));
  const episodes = episodeStatements(batch.episodes, localTimes);
  const results = await tx.batch([...episodes, ...writeStatements(plan, context)]);
  const episodesAdded = results.slice(0, episodes.length).reduce((sum, result) => sum + result.rowsAffected, 0);
  const playsAdded = plan.inserts.filter((row) => row.msPlayed >= COUNTED_MIN_MS).length;
  return {
    ...emptyCounts(),
    rowsRead: batch.rows,
    playsAdded,
    skipsAdded: plan.inserts.length - playsAdded,
    merged: plan.enrich.length + plan.supersede.length,
    duplicates: plan.duplicates + batch.episodes.length - episodesAdded,
    podcasts: batch.episodes.length,
    podcastsAdded: episodesAdded,
    incognito: batch.incognito,
    unidentified: batch.unidentified,
  };
}

export function spanOf(batch: RowBatch, span: { from: number; to: number } | null) {
  let from = span?.from ?? Infinity;
  let to = span?.to ?? -Infinity;
  for (const rows of [batch.music, batch.episodes]) {
    for (const row of rows) {
      if (row.endedAt < from) from = row.endedAt;
      if (row.endedAt > to) to = row.endedAt;
    }
  }
  return from <= to ? { from, to } : null;
}

import 'server-only';
import type { InStatement, Transaction } from '@libsql/client';
import type { Database } from '@/db';
import { MATCH_MARGIN_MS, planMerge, type ExistingPlay, type IncomingPlay } from '@/lib/import/merge';
import { addCounts, emptyCounts, type WriteCounts } from '@/lib/import/summary';
import type { EpisodeRow, RowBatch } from '@/lib/import/types';
import { createLocalParts } from '@/lib/import/local-time';
import type { LocalParts } from '@/lib/time';
import { ImportTrackResolver } from './import-tracks';
import { REBUILD_ENTITY_STATS } from './rollups';
import { chunkedInserts, toObjects } from './sql';

/** The counting rule: shorter export rows are kept as skips. */
const COUNTED_MIN_MS = 30_000;
/** Sorted rows per range query when looking for stored plays to merge with. */
const RANGE_ROWS = 1_000;
/** Page cache of the importing connection, in kB. */
const IMPORT_CACHE_KB = 128 * 1024;

export type ImportContext = { timeZone: string; now: number };

/**
 * Stored plays around a batch's rows, one ended_at range query per slice of the sorted rows,
 * all in one round trip. An account-data play is told apart by having only a minute.
 */
async function selectNearbyPlays(tx: Transaction, rows: IncomingPlay[]): Promise<ExistingPlay[]> {
  const times = rows.map((row) => row.endedAt).sort((a, b) => a - b);
  const statements: InStatement[] = [];
  for (let at = 0; at < times.length; at += RANGE_ROWS) {
    const last = times[Math.min(at + RANGE_ROWS, times.length) - 1]!;
    statements.push({
      sql: `SELECT p.id, p.track_id AS trackId, t.lookup_key AS lookupKey, p.ended_at AS endedAt,
          CASE WHEN p.source = 'api' THEN 'api'
               WHEN p.reason_end IS NULL AND p.platform IS NULL AND p.ended_at % 60000 = 0 THEN 'minute'
               ELSE 'second' END AS origin,
          p.ms_played_estimated = 0 AS exact, p.reason_end IS NOT NULL AS detailed
        FROM plays p JOIN tracks t ON t.id = p.track_id WHERE p.ended_at BETWEEN ? AND ?`,
      args: [times[at]! - MATCH_MARGIN_MS, last + MATCH_MARGIN_MS],
    });
  }
  const seen = new Map<number, ExistingPlay>();
  for (const result of statements.length > 0 ? await tx.batch(statements) : []) {
    for (const play of toObjects<Omit<ExistingPlay, 'exact' | 'detailed'> & { exact: number; detailed: number }>(result)) {
      seen.set(play.id, { ...play, exact: play.exact === 1, detailed: play.detailed === 1 });
    }
  }
  return [...seen.values()];
}

type LocalTimes = (utcMs: number) => LocalParts;

function localColumns(endedAt: number, localTimes: LocalTimes) {
  const local = localTimes(endedAt);
  return [local.day, local.hour, local.weekday];
}

const bool = (value: boolean | null) => (value === null ? null : value ? 1 : 0);

function detailColumns(row: IncomingPlay) {
  return [row.platform, bool(row.shuffle), bool(row.skipped), bool(row.offline), row.reasonStart, row.reasonEnd];
}

function writeStatements(plan: ReturnType<typeof planMerge>, localTimes: LocalTimes): InStatement[] {
  const inserts = plan.inserts.map((row) => [
    row.endedAt, row.trackId, row.msPlayed, 0, 'export', row.msPlayed >= COUNTED_MIN_MS ? 1 : 0,
    ...localColumns(row.endedAt, localTimes), ...detailColumns(row),
  ]);
  const statements = chunkedInserts(
    `INSERT INTO plays (ended_at, track_id, ms_played, ms_played_estimated, source, counted, local_day, local_hour,
      local_weekday, platform, shuffle, skipped, offline, reason_start, reason_end)`,
    15,
    inserts,
    300,
  );
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
  return chunkedInserts(
    'INSERT OR IGNORE INTO episode_plays (kind, spotify_uri, title, show_name, ended_at, ms_played, local_day)',
    7,
    episodes.map((e) => [e.kind, e.uri, e.title, e.showName, e.endedAt, e.msPlayed, localTimes(e.endedAt).day]),
  );
}

/** Writes one batch inside the file's transaction and says what became of its rows. */
async function writeBatch(tx: Transaction, resolver: ImportTrackResolver, batch: RowBatch, localTimes: LocalTimes): Promise<WriteCounts> {
  const incoming = await resolver.resolve(batch.music);
  const plan = planMerge(incoming, await selectNearbyPlays(tx, incoming));
  const episodes = episodeStatements(batch.episodes, localTimes);
  const results = await tx.batch([...episodes, ...writeStatements(plan, localTimes)]);
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

function spanOf(batch: RowBatch, span: { from: number; to: number } | null) {
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

/**
 * For a command-line import into a local file: a large import touches more index pages than
 * SQLite's default 8 MB page cache holds. Not for the site's own long-lived connection.
 */
export async function enlargePageCache(db: Database): Promise<void> {
  if (db.$client.protocol === 'file') await db.$client.execute(`PRAGMA cache_size = -${IMPORT_CACHE_KB}`);
}

export type FileImport = WriteCounts & { span: { from: number; to: number } | null };

/**
 * Imports one file's batches all or nothing: one transaction, rolled back if reading or
 * writing fails. Before committing it closes the ingest gaps the rows span (`cover` widens
 * that to the whole import) and rebuilds the artist, album and genre totals.
 */
export async function importBatches(
  db: Database,
  batches: AsyncIterable<RowBatch> | Iterable<RowBatch>,
  context: ImportContext & { cover?: { from: number; to: number } | null; onBatch?: (counts: WriteCounts) => void },
): Promise<FileImport> {
  const tx = await db.$client.transaction('write');
  try {
    const localTimes = createLocalParts(context.timeZone);
    const resolver = new ImportTrackResolver(tx, context.now);
    const counts = emptyCounts();
    let span: FileImport['span'] = null;
    for await (const batch of batches) {
      const written = await writeBatch(tx, resolver, batch, localTimes);
      addCounts(counts, written);
      span = spanOf(batch, span);
      context.onBatch?.(written);
    }
    const cover = span && context.cover ? { from: Math.min(span.from, context.cover.from), to: Math.max(span.to, context.cover.to) } : span;
    if (cover) {
      await tx.execute({
        sql: "UPDATE gaps SET closed_at = ?, closed_by = 'import' WHERE closed_at IS NULL AND from_ms >= ? AND to_ms <= ?",
        args: [context.now, cover.from, cover.to],
      });
    }
    if (counts.playsAdded + counts.skipsAdded + counts.merged > 0) await tx.batch(REBUILD_ENTITY_STATS);
    await tx.commit();
    return { ...counts, span };
  } catch (error) {
    await tx.rollback();
    throw error;
  } finally {
    tx.close();
  }
}

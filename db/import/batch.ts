import 'server-only';
import type { InStatement, ResultSet } from '@libsql/client';
import type { StoredEpisode } from '@/lib/import/episode-merge';
import type { ExistingPlay, IncomingPlay, MergePlan } from '@/lib/import/merge';
import type { EpisodeRow, RowBatch } from '@/lib/import/types';
import type { BulkWrite } from './bulk-write';
import type { CatalogWrites, ImportCatalog } from './catalog';
import { emptyCounts, type WriteCounts } from './counts';
import type { ImportRollups } from './rollups';
import type { ImportRules } from './rules';
import { nearbyEpisodesStatements, nearbyPlaysStatements, toNearbyEpisodes, toNearbyPlays } from './nearby';
import { insertPlaysStatement, type PlayRowValues } from './play-rows';
import { insertJsonStatement, playsUnchangedStatement } from '@/db/sql';

function localColumns(endedAt: number, rules: ImportRules) {
  const local = rules.localParts(endedAt);
  return [local.day, local.hour, local.weekday];
}

const bool = (value: boolean | null) => (value === null ? null : value ? 1 : 0) as 0 | 1 | null;

function detailColumns(row: IncomingPlay) {
  return [row.platform, bool(row.shuffle), bool(row.skipped), bool(row.offline), row.reasonStart, row.reasonEnd];
}

/** Runs statements in one round trip and one transaction: the file's, or one of their own on Turso. */
export type BatchRunner = {
  read: (statements: InStatement[]) => Promise<ResultSet[]>;
  write: (statements: InStatement[]) => Promise<unknown>;
};

/** What a batch is written with: where its statements run and the import's state. */
export type BatchContext = {
  run: BatchRunner;
  catalog: ImportCatalog;
  rules: ImportRules;
  /** Whether another writer may store plays between the batch's reads and its writes (Turso). */
  guard?: boolean;
  /** Statements to end the write batch with, given the tracks whose plays or album it changed. */
  finishWrites?: (trackIds: number[]) => InStatement[];
  /** The rollups of the plays inserted: add() keeps them, flush() gives the upserts writing the sums so far. */
  rollups: Pick<ImportRollups, 'add' | 'flush'>;
  bulk: Pick<BulkWrite, 'triggersAside' | 'restore'>;
};

function writeStatements(plan: MergePlan, { rules, rollups, bulk }: BatchContext): InStatement[] {
  const inserts = plan.inserts.map((row): PlayRowValues => {
    const local = rules.localParts(row.endedAt);
    return [
      row.endedAt,
      row.trackId,
      row.msPlayed,
      rules.isCounted(row.msPlayed) ? 1 : 0,
      local.day,
      local.hour,
      local.weekday,
      row.platform,
      bool(row.shuffle),
      bool(row.skipped),
      bool(row.offline),
      row.reasonStart,
      row.reasonEnd,
      row.precision === 'minute' ? 1 : 0,
      row.streamKey,
    ];
  });
  // One statement for the whole batch: SQLite unpacks its packed rows far faster than it binds
  // and parses thousands of placeholders.
  const statements: InStatement[] = inserts.length > 0 ? [insertPlaysStatement(inserts)] : [];
  // In bulk mode the insert triggers are set aside (BulkWrite): the plays are summed in memory,
  // and written before any UPDATE below, whose triggers expect the rollups to include them, read
  // plays by track (through the indexes a bulk import sets aside) and change track_months, which
  // genre_months must follow (through the triggers set aside). Otherwise the triggers add them.
  if (bulk.triggersAside) rollups.add(inserts);
  for (const { row, playId } of plan.claim) {
    // Claiming changes no counted column: no rollup trigger fires.
    statements.push({ sql: 'UPDATE plays SET stream_key = ? WHERE id = ?', args: [row.streamKey, playId] });
  }
  if (plan.enrich.length + plan.supersede.length > 0) statements.push(...bulk.restore((options) => rollups.flush(options)));
  for (const { row, playId } of plan.enrich) {
    // A polled play keeps its time (milliseconds) and its counting; the export adds what the API lacks.
    statements.push(
      row.precision === 'minute'
        ? {
            sql: 'UPDATE plays SET ms_played = ?, ms_played_estimated = 0, stream_key = ? WHERE id = ?',
            args: [row.msPlayed, row.streamKey, playId],
          }
        : {
            sql: `UPDATE plays SET ms_played = ?, ms_played_estimated = 0, platform = ?, shuffle = ?, skipped = ?, offline = ?,
                reason_start = ?, reason_end = ?, stream_key = ? WHERE id = ?`,
            args: [row.msPlayed, ...detailColumns(row), row.streamKey, playId],
          },
    );
  }
  for (const { row, playId } of plan.supersede) {
    statements.push({
      sql: `UPDATE plays SET track_id = ?, ended_at = ?, ms_played = ?, counted = ?, local_day = ?, local_hour = ?, local_weekday = ?,
          platform = ?, shuffle = ?, skipped = ?, offline = ?, reason_start = ?, reason_end = ?, source = 'export', stream_key = ? WHERE id = ?`,
      args: [
        row.trackId,
        row.endedAt,
        row.msPlayed,
        rules.isCounted(row.msPlayed) ? 1 : 0,
        ...localColumns(row.endedAt, rules),
        ...detailColumns(row),
        row.streamKey,
        playId,
      ],
    });
  }
  return statements;
}

type EpisodeWrites = { statements: InStatement[]; plan: ReturnType<ImportRules['planEpisodes']> };

function episodeWrites(episodes: EpisodeRow[], stored: StoredEpisode[], rules: ImportRules): EpisodeWrites {
  const plan = rules.planEpisodes(episodes, stored);
  const statements: InStatement[] = [];
  if (plan.inserts.length > 0) {
    statements.push(
      insertJsonStatement(
        'INSERT INTO episode_plays (kind, spotify_uri, title, show_name, ended_at, ms_played, local_day, stream_key)',
        plan.inserts.map((e) => [e.kind, e.uri, e.title, e.showName, e.endedAt, e.msPlayed, rules.localParts(e.endedAt).day, e.streamKey]),
      ),
    );
  }
  for (const { row, id } of plan.supersede) {
    statements.push({
      sql: 'UPDATE episode_plays SET kind = ?, spotify_uri = ?, title = ?, show_name = ?, ended_at = ?, ms_played = ?, local_day = ?, stream_key = ? WHERE id = ?',
      args: [row.kind, row.uri, row.title, row.showName, row.endedAt, row.msPlayed, rules.localParts(row.endedAt).day, row.streamKey, id],
    });
  }
  for (const { row, id } of plan.claim)
    statements.push({ sql: 'UPDATE episode_plays SET stream_key = ? WHERE id = ?', args: [row.streamKey, id] });
  return { statements, plan };
}

/** Writes one batch inside the file's transaction and says what became of its rows. */
const LAST_PLAY_ID = 'SELECT coalesce(max(id), 0) FROM plays';

/** Tracks whose totals a batch's writes change: of the plays added, of both ends of a merge, and put on an album. */
function touchedTracks(plan: MergePlan, stored: readonly ExistingPlay[], catalog: CatalogWrites): number[] {
  const before = new Map(stored.map((play) => [play.id, play.trackId]));
  return [
    ...plan.inserts.map((row) => row.trackId),
    ...[...plan.enrich, ...plan.supersede].flatMap(({ row, playId }) => [row.trackId, before.get(playId) ?? row.trackId]),
    ...catalog.placedTrackIds,
  ];
}

/** The import's guard (playsUnchangedStatement) over the batch's rows, widened by the match margin. */
function guardStatement(lastPlayId: number, batch: RowBatch, marginMs: number): InStatement {
  const times = [...batch.music, ...batch.episodes].map((row) => row.endedAt);
  const [from, to] = times.length > 0 ? [Math.min(...times) - marginMs, Math.max(...times) + marginMs] : [0, 0];
  return playsUnchangedStatement(lastPlayId, from, to);
}

/**
 * Writes one batch in two round trips: one batch of reads (the catalogue it needs, the stored
 * plays and episodes around its rows), then, planned in memory, one batch of writes. Says what
 * became of its rows and how many known tracks it put on an album.
 */
export async function writeBatch(context: BatchContext, batch: RowBatch): Promise<WriteCounts & { albumsPlaced: number }> {
  const { run, catalog, rules } = context;
  const catalogReads = catalog.readStatements(batch.music);
  const playReads = nearbyPlaysStatements(batch.music, rules.matchMarginMs);
  const episodeReads = nearbyEpisodesStatements(batch.episodes, rules.matchMarginMs);
  const reads = [...catalogReads, ...playReads, ...episodeReads, ...(context.guard ? [LAST_PLAY_ID] : [])];
  const results = reads.length > 0 ? await run.read(reads) : [];
  const guard = context.guard ? [guardStatement(Number(results.at(-1)!.rows[0]![0]), batch, rules.matchMarginMs)] : [];
  catalog.learn(results.slice(0, catalogReads.length));
  const stored = toNearbyPlays(results.slice(catalogReads.length, catalogReads.length + playReads.length));
  const catalogWrites = catalog.plan(batch.music);
  const incoming = batch.music as IncomingPlay[];
  const plan = rules.planMerge(incoming, stored, (row) => catalog.keyOf(row));
  const episodes = episodeWrites(
    batch.episodes,
    toNearbyEpisodes(results.slice(catalogReads.length + playReads.length, reads.length - guard.length)),
    rules,
  );
  const writes = [...catalogWrites.statements, ...episodes.statements, ...writeStatements(plan, context)];
  if (writes.length > 0)
    await run.write([...guard, ...writes, ...(context.finishWrites?.(touchedTracks(plan, stored, catalogWrites)) ?? [])]);
  const playsAdded = plan.inserts.filter((row) => rules.isCounted(row.msPlayed)).length;
  return {
    ...emptyCounts(),
    rowsRead: batch.rows,
    playsAdded,
    skipsAdded: plan.inserts.length - playsAdded,
    merged: plan.enrich.length + plan.supersede.length,
    duplicates: plan.duplicates,
    podcasts: batch.episodes.length,
    podcastsAdded: episodes.plan.inserts.length,
    podcastsMerged: episodes.plan.supersede.length,
    incognito: batch.incognito,
    unidentified: batch.unidentified,
    albumsPlaced: catalogWrites.albumsPlaced,
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

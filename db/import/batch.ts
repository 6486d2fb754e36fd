import 'server-only';
import type { InStatement, Transaction } from '@libsql/client';
import type { StoredEpisode } from '@/lib/import/episode-merge';
import type { ExistingPlay, IncomingPlay, MergePlan, StoredFields } from '@/lib/import/merge';
import type { EpisodeRow, RowBatch } from '@/lib/import/types';
import type { ImportTrackResolver } from './tracks';
import type { BulkWrite } from './bulk-write';
import { emptyCounts, type WriteCounts } from './counts';
import type { ImportRollups } from './rollups';
import type { ImportRules } from './rules';
import { insertPlaysStatement, type PlayRowValues } from './play-rows';
import { insertJsonStatement } from '@/db/sql';

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
 * Stored plays around a batch's rows, one ended_at range query per slice of the sorted rows,
 * all in one round trip. Each query answers one JSON row: converting thousands of result
 * rows one by one costs more than the queries. A play that holds an export row but no key
 * (stored before keys existed) brings the fields its row is recognised by.
 */
async function selectNearbyPlays(tx: Transaction, rows: IncomingPlay[], marginMs: number): Promise<ExistingPlay[]> {
  const statements: InStatement[] = nearbyRanges(
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
  const seen = new Map<number, ExistingPlay>();
  for (const result of statements.length > 0 ? await tx.batch(statements) : []) {
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

/** Stored podcast and audiobook streams around a batch's episode rows, as selectNearbyPlays. */
async function selectNearbyEpisodes(tx: Transaction, rows: EpisodeRow[], marginMs: number): Promise<StoredEpisode[]> {
  const statements: InStatement[] = nearbyRanges(
    rows.map((row) => row.endedAt),
    marginMs,
  ).map((args) => ({
    sql: `SELECT json_group_array(json_array(id, spotify_uri, title, show_name, ended_at, ms_played, stream_key)) AS episodes
        FROM episode_plays WHERE ended_at BETWEEN ? AND ?`,
    args,
  }));
  const seen = new Map<number, StoredEpisode>();
  for (const result of statements.length > 0 ? await tx.batch(statements) : []) {
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

function localColumns(endedAt: number, rules: ImportRules) {
  const local = rules.localParts(endedAt);
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
  rules: ImportRules;
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

async function episodeWrites(tx: Transaction, episodes: EpisodeRow[], rules: ImportRules): Promise<EpisodeWrites> {
  const plan = rules.planEpisodes(episodes, episodes.length > 0 ? await selectNearbyEpisodes(tx, episodes, rules.matchMarginMs) : []);
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
export async function writeBatch(context: BatchContext, batch: RowBatch): Promise<WriteCounts> {
  const { tx, resolver, rules } = context;
  const incoming = await resolver.resolve(batch.music);
  const plan = rules.planMerge(incoming, await selectNearbyPlays(tx, incoming, rules.matchMarginMs), (row) => resolver.keyOf(row));
  const episodes = await episodeWrites(tx, batch.episodes, rules);
  await tx.batch([...episodes.statements, ...writeStatements(plan, context)]);
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

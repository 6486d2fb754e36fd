import 'server-only';
import type { InStatement } from '@libsql/client';
import type { Database } from '@/db';
import type { PolledPlay } from '@/lib/spotify/map';
import type { LocalParts } from '@/lib/time';
import { SpotifyCatalog } from './catalog';
import { REBUILD_ENTITY_STATS } from '@/db/rollups';
import { lastIdSql, playsUnchangedStatement, retryFromFreshReads, toObjects } from '@/db/sql';

/** recently-played never returns more than this: a full page of new plays may hide lost ones. */
export const RECENTLY_PLAYED_LIMIT = 50;

/** The rules a poll's plays are written by, from lib/plays and lib/time. */
export type PollRules = {
  /** Reports of one track ending this close are one play. */
  samePlayWindowMs: number;
  /** Listening time of a play the API gives no time for, from the end of the play before it. */
  estimateMsPlayed: (durationMs: number, endedAt: number, previousEndedAt: number | null) => number;
  /** The owner's local day, hour and weekday of an instant. */
  localParts: (endedAt: number) => LocalParts;
};

export type PollWriteResult = { inserted: number; gap: { id: number; fromMs: number; toMs: number } | null };

type PollOptions = { fetched: number; rules: PollRules; now: number };
type StoredPlay = { endedAt: number; spotifyId: string | null; source: string };
type PollState = { previousEnd: number | null; newest: number | null; lastPlayId: number; lastGapId: number };
type Poll = { plays: readonly PolledPlay[]; from: number; to: number };
/** `insertAt` is the index of the plays' INSERT among `statements`. */
type PollPlan = { fresh: PolledPlay[]; statements: InStatement[]; insertAt: number; result: PollWriteResult };

const PLAYS_INSERT = `INSERT INTO plays (ended_at, track_id, ms_played, ms_played_estimated, source, counted, local_day, local_hour,
    local_weekday, context_uri)
  SELECT value->>0, value->>1, value->>2, 1, 'api', 1, value->>3, value->>4, value->>5, value->>6 FROM json_each(?) WHERE true
  ON CONFLICT (track_id, ended_at) WHERE source = 'api' DO NOTHING`;

/**
 * The stored plays a poll is checked against: those within the same-play window of its plays,
 * the newest one before them (the listening time of its first play is estimated from it), the
 * newest of all (gap detection), and the last ids.
 */
function pollReadStatements({ from, to }: Poll): InStatement[] {
  return [
    {
      sql: `SELECT p.ended_at AS endedAt, t.spotify_id AS spotifyId, p.source FROM plays p LEFT JOIN tracks t ON t.id = p.track_id
        WHERE p.ended_at BETWEEN ? AND ?`,
      args: [from, to],
    },
    {
      sql: `SELECT (SELECT max(ended_at) FROM plays WHERE ended_at < ?) AS previousEnd, (SELECT max(ended_at) FROM plays) AS newest,
        (SELECT coalesce(max(id), 0) FROM plays) AS lastPlayId, ${lastIdSql('gaps')} AS lastGapId`,
      args: [from],
    },
  ];
}

/** Drops plays already stored and repeats of one play inside the response itself. */
function selectNewPlays(plays: readonly PolledPlay[], stored: readonly StoredPlay[], windowMs: number): PolledPlay[] {
  const seen = stored.flatMap((row) => (row.spotifyId === null ? [] : [{ spotifyId: row.spotifyId, endedAt: row.endedAt }]));
  const fresh: PolledPlay[] = [];
  for (const play of plays) {
    const duplicate = seen.some((s) => s.spotifyId === play.track.spotifyId && Math.abs(s.endedAt - play.endedAt) <= windowMs);
    if (duplicate) continue;
    fresh.push(play);
    seen.push({ spotifyId: play.track.spotifyId, endedAt: play.endedAt });
  }
  return fresh;
}

/** The newest of `ends` before `endedAt`. */
function newestBefore(ends: readonly (number | null)[], endedAt: number): number | null {
  let newest: number | null = null;
  for (const end of ends) if (end !== null && end < endedAt && (newest === null || end > newest)) newest = end;
  return newest;
}

/**
 * The guard of a poll's write: no play stored since the reads where they matter — in the
 * window, before it back to the newest play read, or, when a gap is planned, anywhere after.
 */
function playsUnchanged(state: PollState, highest: number): InStatement {
  return playsUnchangedStatement(state.lastPlayId, state.previousEnd ?? Number.MIN_SAFE_INTEGER, highest);
}

/** What one read batch found: the stored plays around the poll, the state, and the catalogue. */
type PollReads = { stored: StoredPlay[]; state: PollState; catalog: SpotifyCatalog };

function planPoll(poll: Poll, fresh: PolledPlay[], { stored, state, catalog }: PollReads, options: PollOptions): PollPlan {
  const { rules, now } = options;
  const ends: (number | null)[] = [state.previousEnd, ...stored.map((row) => row.endedAt)];
  const rows = fresh.map((play) => {
    const trackId = catalog.ensureTrack(play.track).id;
    const msPlayed = rules.estimateMsPlayed(play.track.durationMs, play.endedAt, newestBefore(ends, play.endedAt));
    ends.push(play.endedAt);
    const local = rules.localParts(play.endedAt);
    return [play.endedAt, trackId, msPlayed, local.day, local.hour, local.weekday, play.contextUri];
  });
  const oldest = poll.plays[0]!.endedAt;
  const fullPageAllNew = options.fetched >= RECENTLY_PLAYED_LIMIT && fresh.length === poll.plays.length;
  const newest = state.newest;
  const gap = fullPageAllNew && newest !== null && oldest > newest ? { id: state.lastGapId + 1, fromMs: newest, toMs: oldest } : null;
  const head = [playsUnchanged(state, gap ? Number.MAX_SAFE_INTEGER : poll.to), ...catalog.statements()];
  const statements: InStatement[] = [
    ...head,
    { sql: PLAYS_INSERT, args: [JSON.stringify(rows)] },
    ...(gap
      ? [{ sql: 'INSERT INTO gaps (id, from_ms, to_ms, detected_at) VALUES (?, ?, ?, ?)', args: [gap.id, gap.fromMs, gap.toMs, now] }]
      : []),
    ...REBUILD_ENTITY_STATS,
  ];
  return { fresh, statements, insertAt: head.length, result: { inserted: fresh.length, gap } };
}

/**
 * Whether a write whose answer never came (the connection dropped) was committed: no other
 * writer stores polled plays (ingest runs take a lock), so its plays stored exactly as planned are its own.
 */
function committed(plan: PollPlan | null, stored: readonly StoredPlay[]): plan is PollPlan {
  if (!plan) return false;
  return plan.fresh.every((play) =>
    stored.some((row) => row.source === 'api' && row.spotifyId === play.track.spotifyId && row.endedAt === play.endedAt),
  );
}

/**
 * The catalogue is read for the tracks of polled plays after the newest stored one: those a poll
 * usually lacks. A new play older than that (reported late) has its track read apart.
 */
const NEWEST_PLAY = `coalesce((SELECT max(ended_at) FROM plays), ${Number.MIN_SAFE_INTEGER})`;

async function readPoll(db: Database, reads: InStatement[], now: number): Promise<PollReads> {
  const results = await db.$client.batch(reads, 'read');
  const catalog = new SpotifyCatalog(now);
  catalog.learn(results.slice(2));
  return { stored: toObjects<StoredPlay>(results[0]!), state: toObjects<PollState>(results[1]!)[0]!, catalog };
}

/** Tracks of new plays the first read left out (they end before the newest stored play). */
function unreadTracks(poll: Poll, fresh: readonly PolledPlay[], newest: number | null): PolledPlay[] {
  const read = new Set(poll.plays.filter((p) => newest === null || p.endedAt > newest).map((p) => p.track.spotifyId));
  const unread = new Map(fresh.filter((p) => !read.has(p.track.spotifyId)).map((p) => [p.track.spotifyId, p]));
  return [...unread.values()];
}

/**
 * Writes one poll's plays exactly once with their tracks, albums, artists, a detected gap and
 * the rollups, in two round trips: one batch of reads, then, planned in memory, one batch of
 * writes (one transaction); a play reported after newer ones were stored costs a third, to
 * read its track. A write another writer got in the way of is planned again from fresh reads.
 * `fetched` is how many items Spotify returned. With no new plays nothing is written.
 */
export async function writePolledPlays(db: Database, plays: readonly PolledPlay[], options: PollOptions): Promise<PollWriteResult> {
  if (plays.length === 0) return { inserted: 0, gap: null };
  const windowMs = options.rules.samePlayWindowMs;
  const poll: Poll = { plays, from: plays[0]!.endedAt - windowMs, to: plays.at(-1)!.endedAt + windowMs };
  const reads = [...pollReadStatements(poll), ...SpotifyCatalog.readStatements(plays, { newTracksOnly: true, playedAfter: NEWEST_PLAY })];
  let sent: PollPlan | null = null;
  return retryFromFreshReads(async () => {
    const found = await readPoll(db, reads, options.now);
    if (committed(sent, found.stored)) return sent.result;
    const fresh = selectNewPlays(plays, found.stored, windowMs);
    if (fresh.length === 0) return { inserted: 0, gap: null };
    const unread = unreadTracks(poll, fresh, found.state.newest);
    if (unread.length > 0)
      found.catalog.learn(await db.$client.batch(SpotifyCatalog.readStatements(unread, { newTracksOnly: true }), 'read'));
    const plan = planPoll(poll, fresh, found, options);
    sent = plan;
    const written = await db.$client.batch(plan.statements, 'write');
    return { ...plan.result, inserted: written[plan.insertAt]!.rowsAffected };
  });
}

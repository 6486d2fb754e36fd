import 'server-only';
import type { Transaction } from '@libsql/client';
import type { Database } from '@/db';
import type { PolledPlay } from '@/lib/spotify/map';
import type { LocalParts } from '@/lib/time';
import { ensureTrack } from './catalog';
import { REBUILD_ENTITY_STATS } from '@/db/rollups';
import { toObjects } from '@/db/sql';

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

/** Drops plays already stored and repeats of one play inside the response itself. */
async function selectNewPlays(tx: Transaction, plays: readonly PolledPlay[], windowMs: number): Promise<PolledPlay[]> {
  if (plays.length === 0) return [];
  const from = plays[0]!.endedAt - windowMs;
  const to = plays.at(-1)!.endedAt + windowMs;
  const stored = toObjects<{ spotifyId: string; endedAt: number }>(
    await tx.execute({
      sql: `SELECT t.spotify_id AS spotifyId, p.ended_at AS endedAt FROM plays p JOIN tracks t ON t.id = p.track_id
        WHERE p.ended_at BETWEEN ? AND ? AND t.spotify_id IS NOT NULL`,
      args: [from, to],
    }),
  );
  const seen = stored.map((row) => ({ spotifyId: row.spotifyId, endedAt: row.endedAt }));
  const fresh: PolledPlay[] = [];
  for (const play of plays) {
    const duplicate = seen.some((s) => s.spotifyId === play.track.spotifyId && Math.abs(s.endedAt - play.endedAt) <= windowMs);
    if (duplicate) continue;
    fresh.push(play);
    seen.push({ spotifyId: play.track.spotifyId, endedAt: play.endedAt });
  }
  return fresh;
}

async function newestStoredPlay(tx: Transaction, before?: number): Promise<number | null> {
  const [row] = toObjects<{ endedAt: number | null }>(
    await tx.execute(
      before === undefined
        ? 'SELECT max(ended_at) AS endedAt FROM plays'
        : { sql: 'SELECT max(ended_at) AS endedAt FROM plays WHERE ended_at < ?', args: [before] },
    ),
  );
  return row?.endedAt ?? null;
}

async function insertPlay(tx: Transaction, play: PolledPlay, rules: PollRules, now: number): Promise<boolean> {
  const track = await ensureTrack(tx, play.track, now);
  const msPlayed = rules.estimateMsPlayed(play.track.durationMs, play.endedAt, await newestStoredPlay(tx, play.endedAt));
  const local = rules.localParts(play.endedAt);
  const result = await tx.execute({
    sql: `INSERT INTO plays (ended_at, track_id, ms_played, ms_played_estimated, source, counted, local_day, local_hour,
        local_weekday, context_uri) VALUES (?, ?, ?, 1, 'api', 1, ?, ?, ?, ?) ON CONFLICT (track_id, ended_at) WHERE source = 'api' DO NOTHING`,
    args: [play.endedAt, track.id, msPlayed, local.day, local.hour, local.weekday, play.contextUri],
  });
  return result.rowsAffected > 0;
}

/**
 * Writes one poll's plays exactly once, in one transaction with their tracks, albums, artists,
 * a detected gap and the rollups. `fetched` is how many items Spotify returned. With no new
 * plays nothing is written.
 */
export async function writePolledPlays(
  db: Database,
  plays: readonly PolledPlay[],
  options: { fetched: number; rules: PollRules; now: number },
): Promise<PollWriteResult> {
  const tx = await db.$client.transaction('write');
  try {
    const fresh = await selectNewPlays(tx, plays, options.rules.samePlayWindowMs);
    if (fresh.length === 0) return { inserted: 0, gap: null };
    const newestBefore = await newestStoredPlay(tx);
    let inserted = 0;
    for (const play of fresh) if (await insertPlay(tx, play, options.rules, options.now)) inserted++;
    const oldest = plays[0]!.endedAt;
    const fullPageAllNew = options.fetched >= RECENTLY_PLAYED_LIMIT && fresh.length === plays.length;
    let gap: PollWriteResult['gap'] = null;
    if (fullPageAllNew && newestBefore !== null && oldest > newestBefore) {
      const result = await tx.execute({
        sql: 'INSERT INTO gaps (from_ms, to_ms, detected_at) VALUES (?, ?, ?)',
        args: [newestBefore, oldest, options.now],
      });
      gap = { id: Number(result.lastInsertRowid), fromMs: newestBefore, toMs: oldest };
    }
    if (inserted > 0) await tx.batch(REBUILD_ENTITY_STATS);
    await tx.commit();
    return { inserted, gap };
  } finally {
    tx.close();
  }
}

import 'server-only';
import type { Transaction } from '@libsql/client';
import type { Database } from '@/db';
import type { PolledPlay } from '@/lib/spotify/map';
import { toLocalParts } from '@/lib/time';
import { ensureTrack } from './catalog';
import { REBUILD_ENTITY_STATS } from '@/db/rollups';
import { toObjects } from '@/db/sql';

/**
 * Two reports of one track ending within this window are one play: Spotify re-reports a
 * play with a slightly different played_at, and exports (second precision) land on api rows.
 * Genuine back-to-back repeats end at least ~30 s apart (shorter plays are not listed).
 */
export const SAME_PLAY_TOLERANCE_MS = 10_000;
/** recently-played never returns more than this: a full page of new plays may hide lost ones. */
export const RECENTLY_PLAYED_LIMIT = 50;

export type PollWriteResult = { inserted: number; gap: { id: number; fromMs: number; toMs: number } | null };

/** Drops plays already stored and repeats of one play inside the response itself. */
async function selectNewPlays(tx: Transaction, plays: readonly PolledPlay[]): Promise<PolledPlay[]> {
  if (plays.length === 0) return [];
  const from = plays[0]!.endedAt - SAME_PLAY_TOLERANCE_MS;
  const to = plays.at(-1)!.endedAt + SAME_PLAY_TOLERANCE_MS;
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
    const duplicate = seen.some(
      (s) => s.spotifyId === play.track.spotifyId && Math.abs(s.endedAt - play.endedAt) <= SAME_PLAY_TOLERANCE_MS,
    );
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

/**
 * Listening time of a polled play is not reported: estimate it as the track's length, but
 * never more than the time since the previous play ended (a skip-ahead shortens it).
 */
export function estimateMsPlayed(durationMs: number, endedAt: number, previousEndedAt: number | null): number {
  if (previousEndedAt === null) return durationMs;
  return Math.max(0, Math.min(durationMs, endedAt - previousEndedAt));
}

async function insertPlay(tx: Transaction, play: PolledPlay, timeZone: string, now: number): Promise<boolean> {
  const track = await ensureTrack(tx, play.track, now);
  const msPlayed = estimateMsPlayed(play.track.durationMs, play.endedAt, await newestStoredPlay(tx, play.endedAt));
  const local = toLocalParts(play.endedAt, timeZone);
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
  options: { fetched: number; timeZone: string; now: number },
): Promise<PollWriteResult> {
  const tx = await db.$client.transaction('write');
  try {
    const fresh = await selectNewPlays(tx, plays);
    if (fresh.length === 0) return { inserted: 0, gap: null };
    const newestBefore = await newestStoredPlay(tx);
    let inserted = 0;
    for (const play of fresh) if (await insertPlay(tx, play, options.timeZone, options.now)) inserted++;
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

import 'server-only';
import type { InStatement } from '@libsql/client';
import type { Database } from '@/db';
import type { MappedTrack } from '@/lib/spotify/map';
import { SpotifyCatalog } from '@/db/ingest/catalog';
import { retryFromFreshReads } from '@/db/sql';
import { REBUILD_ENTITY_STATS } from '@/db/rollups';

const IN_LIST = 'SELECT value FROM json_each(?)';
const list = (values: readonly unknown[]) => JSON.stringify(values);

/** The name-only artists credited on the given tracks: once none of their tracks is left they merge. */
const nameOnlyCredits = (tracks: readonly number[]): InStatement => ({
  sql: `SELECT DISTINCT ta.artist_id FROM track_artists ta JOIN artists a ON a.id = ta.artist_id
    WHERE ta.track_id IN (${IN_LIST}) AND a.spotify_id IS NULL`,
  args: [list(tracks)],
});

/** Of the artists given, the name-only ones without tracks that have a real artist of their name: `old` merges into `real`. */
const MERGED = `WITH merged AS (
  SELECT a.id AS old, (SELECT r.id FROM artists r WHERE r.name_key = a.name_key AND r.spotify_id IS NOT NULL ORDER BY r.id LIMIT 1) AS real
  FROM artists a WHERE a.id IN (${IN_LIST}) AND a.spotify_id IS NULL AND NOT EXISTS (SELECT 1 FROM track_artists ta WHERE ta.artist_id = a.id)
)`;

/**
 * A name-only artist (from an export) becomes the real one once none of its tracks is left
 * unresolved: its albums and genres move over and the row goes. Play counts never change —
 * plays belong to tracks, and the track keeps its id. Then the name-only albums given that
 * are left without tracks go. Set-wise, after the credits are replaced, in the same batch.
 */
function mergeStatements(artists: readonly number[], albums: readonly number[]): InStatement[] {
  const statements: InStatement[] = [];
  if (artists.length > 0) {
    const args = [list(artists)];
    statements.push(
      { sql: `${MERGED} UPDATE albums SET artist_id = m.real FROM merged m WHERE albums.artist_id = m.old AND m.real IS NOT NULL`, args },
      {
        sql: `${MERGED} INSERT INTO artist_genres (artist_id, genre_id, weight, source)
          SELECT m.real, g.genre_id, g.weight, g.source FROM merged m JOIN artist_genres g ON g.artist_id = m.old WHERE m.real IS NOT NULL
          ON CONFLICT (artist_id, genre_id) DO NOTHING`,
        args,
      },
      { sql: `${MERGED} DELETE FROM artists WHERE id IN (SELECT old FROM merged WHERE real IS NOT NULL)`, args },
    );
  }
  if (albums.length > 0) {
    statements.push({
      sql: `DELETE FROM albums WHERE id IN (${IN_LIST}) AND spotify_id IS NULL AND NOT EXISTS (SELECT 1 FROM tracks WHERE album_id = albums.id)`,
      args: [list(albums)],
    });
  }
  return statements;
}

type ResolvedTrack = { trackId: number; taskId: number; track: MappedTrack };

/**
 * Gives tracks known from an export their real credits, album and duration from GET
 * /tracks/{id}, merging name-only artists into the real ones, and marks their tasks done, in
 * two round trips: one batch of reads, then, planned in memory, one batch of writes with the
 * rollups rebuilt once (a rebuild reads every track's totals, so one per track would cost more
 * than the rest, and Turso bills rows read). A write another writer got in the way of (an id
 * taken) is planned again from fresh reads.
 */
export async function applyResolvedTracks(db: Database, resolved: readonly ResolvedTrack[], now: number): Promise<void> {
  if (resolved.length === 0) return;
  const ids = resolved.map((r) => r.trackId);
  const reads: InStatement[] = [
    { sql: `SELECT id, album_id FROM tracks WHERE id IN (${IN_LIST})`, args: [list(ids)] },
    nameOnlyCredits(ids),
    ...SpotifyCatalog.readStatements(resolved, { newTracksOnly: false }),
  ];
  await retryFromFreshReads(async () => {
    const [tracks, credits, ...catalogReads] = await db.$client.batch(reads, 'read');
    const albumOf = new Map(tracks!.rows.map((row) => [Number(row[0]), row[1] === null ? null : Number(row[1])]));
    const catalog = new SpotifyCatalog(now);
    catalog.learn(catalogReads);
    const updates: [number, number | null, number][] = [];
    const orphans = new Set<number>();
    for (const { trackId, track } of resolved) {
      if (!albumOf.has(trackId)) continue;
      const albumId = catalog.ensureAlbum(track.album);
      catalog.replaceCredits(trackId, track.artists);
      updates.push([trackId, albumId, track.durationMs]);
      const old = albumOf.get(trackId)!;
      if (old !== null && old !== albumId) orphans.add(old);
    }
    const statements: InStatement[] = [
      { sql: `DELETE FROM enrichment_queue WHERE id IN (${IN_LIST})`, args: [list(resolved.map((r) => r.taskId))] },
      ...catalog.statements(),
      {
        sql: `UPDATE tracks SET album_id = coalesce(j.value->>1, album_id), duration_ms = j.value->>2 FROM json_each(?) j
          WHERE tracks.id = j.value->>0`,
        args: [list(updates)],
      },
      ...mergeStatements(
        credits!.rows.map((row) => Number(row[0])),
        [...orphans],
      ),
      ...REBUILD_ENTITY_STATS,
    ];
    await db.$client.batch(statements, 'write');
  });
}

/**
 * A track known only by name (basic export: no URIs) becomes the known track with the same
 * artist and title, if there is one: its plays move over (one that would collide with a play
 * of that track ending in the same millisecond is the same play and goes), then the name-only
 * track, its credits and tasks, and any name-only artist or album left without tracks go.
 * Returns the id it was merged into, or null when no known track matches yet. One round trip
 * to read, one to write; the write fails, and is planned again, if either track changed between.
 */
export async function mergeNameOnlyTrack(db: Database, trackId: number): Promise<number | null> {
  return retryFromFreshReads(async () => {
    const [match, credits] = await db.$client.batch(
      [
        {
          sql: `SELECT t.album_id, (SELECT r.id FROM tracks r WHERE r.lookup_key = t.lookup_key AND r.spotify_id IS NOT NULL
              ORDER BY r.id LIMIT 1) FROM tracks t WHERE t.id = ? AND t.spotify_id IS NULL`,
          args: [trackId],
        },
        nameOnlyCredits([trackId]),
      ],
      'read',
    );
    const row = match!.rows[0];
    if (!row || row[1] === null) return null;
    const realId = Number(row[1]);
    const albumId = row[0] === null ? null : Number(row[0]);
    await db.$client.batch(
      [
        {
          sql: `SELECT json(CASE WHEN EXISTS (SELECT 1 FROM tracks WHERE id = ? AND spotify_id IS NULL)
            AND EXISTS (SELECT 1 FROM tracks WHERE id = ? AND spotify_id IS NOT NULL) THEN '0' ELSE 'tracks changed' END)`,
          args: [trackId, realId],
        },
        { sql: 'UPDATE OR IGNORE plays SET track_id = ? WHERE track_id = ?', args: [realId, trackId] },
        { sql: 'DELETE FROM plays WHERE track_id = ?', args: [trackId] },
        { sql: 'DELETE FROM track_artists WHERE track_id = ?', args: [trackId] },
        { sql: 'DELETE FROM track_stats WHERE track_id = ?', args: [trackId] },
        { sql: "DELETE FROM enrichment_queue WHERE kind IN ('track', 'track_art') AND target_id = ?", args: [trackId] },
        { sql: 'DELETE FROM tracks WHERE id = ?', args: [trackId] },
        ...mergeStatements(
          credits!.rows.map((r) => Number(r[0])),
          albumId === null ? [] : [albumId],
        ),
        ...REBUILD_ENTITY_STATS,
      ],
      'write',
    );
    return realId;
  });
}

import 'server-only';
import type { InStatement } from '@libsql/client';
import type { Database } from '@/db';
import type { Catalog, PlayRow } from '@/lib/demo/types';
import { BulkWrite } from './bulk-write';
import { PendingRollups, type RollupRow } from './pending-rollups';
import { REBUILD_ENTITY_STATS } from '@/db/rollups';
import { chunkedInserts } from '@/db/sql';

const PLAYS_PER_TRANSACTION = 50_000;

/** Writes a generated catalogue (demo and benchmark data) in one transaction. */
export async function insertCatalog(db: Database, catalog: Catalog): Promise<void> {
  await db.$client.batch(
    [
      ...chunkedInserts(
        'INSERT INTO genres (id, slug, name)',
        3,
        catalog.genres.map((g) => [g.id, g.slug, g.name]),
      ),
      ...chunkedInserts(
        'INSERT INTO artists (id, name, name_key)',
        3,
        catalog.artists.map((a) => [a.id, a.name, a.nameKey]),
      ),
      ...chunkedInserts(
        'INSERT INTO artist_genres (artist_id, genre_id, weight, source)',
        4,
        catalog.artistGenres.map((g) => [g.artistId, g.genreId, g.weight, 'demo']),
      ),
      ...chunkedInserts(
        'INSERT INTO albums (id, name, name_key, artist_id)',
        4,
        catalog.albums.map((a) => [a.id, a.name, a.nameKey, a.artistId ?? null]),
      ),
      ...chunkedInserts(
        'INSERT INTO tracks (id, name, lookup_key, album_id, duration_ms)',
        5,
        catalog.tracks.map((t) => [t.id, t.name, t.lookupKey, t.albumId ?? null, t.durationMs ?? null]),
      ),
      ...chunkedInserts(
        'INSERT INTO track_artists (track_id, artist_id, position)',
        3,
        catalog.trackArtists.map((ta) => [ta.trackId, ta.artistId, ta.position]),
      ),
    ],
    'write',
  );
}

const PLAYS_PER_STATEMENT = 5_000;

const INSERT_PLAYS = `INSERT INTO plays (ended_at, track_id, ms_played, ms_played_estimated, source, counted, local_day, local_hour, local_weekday)
  SELECT value->>0, value->>1, value->>2, 0, 'export', value->>3, value->>4, value->>5, value->>6 FROM json_each(?)`;

/**
 * Writes generated export-style plays (exact listening time), in large transactions, in the
 * import's bulk-write mode (BulkWrite): one JSON-packed INSERT per 5 000 plays, and the rollups
 * added once per transaction, summed in memory.
 */
export async function insertGeneratedPlays(db: Database, plays: readonly PlayRow[]): Promise<void> {
  for (let start = 0; start < plays.length; start += PLAYS_PER_TRANSACTION) {
    const tx = await db.$client.transaction('write');
    try {
      const bulk = new BulkWrite(tx);
      await bulk.setAside({ withIndexes: false });
      const statements: InStatement[] = [];
      const rollups = new PendingRollups();
      const end = Math.min(start + PLAYS_PER_TRANSACTION, plays.length);
      for (let at = start; at < end; at += PLAYS_PER_STATEMENT) {
        const rows = plays
          .slice(at, Math.min(at + PLAYS_PER_STATEMENT, end))
          .map((p): RollupRow => [p.endedAt, p.trackId, p.msPlayed, p.counted ? 1 : 0, p.localDay, p.localHour, p.localWeekday]);
        statements.push({ sql: INSERT_PLAYS, args: [JSON.stringify(rows)] });
        rollups.add(rows);
      }
      await tx.batch([...statements, ...bulk.restore((options) => rollups.statements(options))]);
      await tx.commit();
    } finally {
      tx.close();
    }
  }
  await db.$client.batch([...REBUILD_ENTITY_STATS, 'ANALYZE'], 'write');
}

import type { MusicRow } from '@/lib/import/types';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '@/db';
import { readRows } from '@/db/sql';
import { importInputs, parseInputs } from '@/lib/import/import-files';
import { openInputs } from '@/lib/import/node-files';
import type { ImportSummary } from '@/lib/import/summary';
import { trackLookupKey } from '@/lib/names';
import { afterEach, beforeEach } from 'vitest';
import { openTestDatabase, type TestDatabase } from '@/tests/helpers/database';

export const FIXTURES = path.join(process.cwd(), 'tests/fixtures/spotify-export');
export const fixture = (name: string) => path.join(FIXTURES, name);

/** `bulkMinRows: 1` puts every file in the bulk-write mode, as a large export's files are. */
export function importPaths(
  db: Database,
  paths: string[],
  now = Date.UTC(2026, 0, 1),
  options: { bulkMinRows?: number } = {},
): Promise<ImportSummary> {
  return openInputs(paths, { read: 0, total: 0 }).then((inputs) =>
    importInputs(db, parseInputs(inputs), { timeZone: 'UTC', now, ...options }),
  );
}

type TempFolder = { dir: string; write: (name: string, content: string | Uint8Array) => string; remove: () => void };

/** A temp folder for files a test writes; removed by the returned function. */
export function tempFolder(): TempFolder {
  const dir = mkdtempSync(path.join(tmpdir(), 'import-test-'));
  return {
    dir,
    write: (name, content) => {
      const file = path.join(dir, name);
      writeFileSync(file, content);
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export type StoredPlay = {
  endedAt: number;
  trackName: string;
  spotifyId: string | null;
  msPlayed: number;
  counted: number;
  source: string;
  estimated: number;
  platform: string | null;
  shuffle: number | null;
  skipped: number | null;
  offline: number | null;
  reasonStart: string | null;
  reasonEnd: string | null;
};

export function selectPlays(db: Database): Promise<StoredPlay[]> {
  return readRows<StoredPlay>(
    db,
    `SELECT p.ended_at AS endedAt, t.name AS trackName, t.spotify_id AS spotifyId, p.ms_played AS msPlayed, p.counted, p.source,
        p.ms_played_estimated AS estimated, p.platform, p.shuffle, p.skipped, p.offline, p.reason_start AS reasonStart, p.reason_end AS reasonEnd
      FROM plays p JOIN tracks t ON t.id = p.track_id ORDER BY p.ended_at, t.name`,
  );
}

export async function count(db: Database, sql: string): Promise<number> {
  const [row] = await readRows<{ n: number }>(db, sql);
  return row!.n;
}

/** Extended-history rows with every field, for tests that need rows of their own. */
export function extendedRow(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    ts: '2024-05-01T10:00:00Z',
    platform: 'android',
    ms_played: 200_000,
    conn_country: 'DE',
    ip_addr: '192.0.2.7',
    master_metadata_track_name: 'Song',
    master_metadata_album_artist_name: 'Band',
    master_metadata_album_album_name: 'Album',
    spotify_track_uri: 'spotify:track:0000000000000000000001',
    episode_name: null,
    episode_show_name: null,
    spotify_episode_uri: null,
    audiobook_title: null,
    audiobook_uri: null,
    audiobook_chapter_uri: null,
    audiobook_chapter_title: null,
    reason_start: 'trackdone',
    reason_end: 'trackdone',
    shuffle: false,
    skipped: false,
    offline: false,
    offline_timestamp: 0,
    incognito_mode: false,
    ...overrides,
  };
}

/**
 * A fresh migrated database and temp folder for each test of the calling file, closed and
 * removed after it; `remote: false` keeps it an embedded file whatever TEST_DATABASE says (for
 * what only an embedded database does: the bulk-write mode, the import's own connection).
 */
export function eachTestDatabaseAndFolder(options: { remote?: boolean } = {}): { readonly db: Database; readonly folder: TempFolder } {
  let test: TestDatabase;
  let folder: TempFolder;
  beforeEach(async () => {
    test = await openTestDatabase(options);
    folder = tempFolder();
  });
  afterEach(() => {
    test.close();
    folder.remove();
  });
  return {
    get db() {
      return test.db;
    },
    get folder() {
      return folder;
    },
  };
}

export const trackUri = (n: number) => `spotify:track:${String(n).padStart(22, '0')}`;
/** An export `ts`: seconds, no milliseconds. */
export const exportTs = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Artist "Band" (id 1), its track "Song 1" (id 1, trackUri(1)) and a play of it polled from the
 * API at `playedAt`; with `genres`, the artist has Rock (1) and Jazz (2).
 */
export async function insertPolledPlay(db: Database, playedAt: number, { genres = false } = {}): Promise<void> {
  await db.$client.batch([
    "INSERT INTO artists (id, spotify_id, name, name_key) VALUES (1, 'artist1', 'Band', 'band')",
    ...(genres
      ? [
          "INSERT INTO genres (id, slug, name) VALUES (1, 'rock', 'Rock'), (2, 'jazz', 'Jazz')",
          "INSERT INTO artist_genres (artist_id, genre_id, weight, source) VALUES (1, 1, 0.5, 'musicbrainz'), (1, 2, 0.5, 'musicbrainz')",
        ]
      : []),
    `INSERT INTO tracks (id, spotify_id, name, lookup_key) VALUES (1, '${trackUri(1).slice(14)}', 'Song 1', '${trackLookupKey('Band', 'Song 1')}')`,
    'INSERT INTO track_artists (track_id, artist_id, position) VALUES (1, 1, 0)',
    {
      sql: `INSERT INTO plays (ended_at, track_id, ms_played, ms_played_estimated, source, counted, local_day, local_hour, local_weekday)
        VALUES (?, 1, 210000, 1, 'api', 1, ?, 10, 2)`,
      args: [playedAt, exportTs(playedAt).slice(0, 10)],
    },
  ]);
}

/** A music row as the reader makes it from an extended row: `n`'s track of artist "Band", 200 s, no details. */
export function musicRow(endedAt: number, n = 9, overrides: Partial<MusicRow> = {}): MusicRow {
  return {
    kind: 'music',
    endedAt,
    precision: 'second',
    msPlayed: 200_000,
    trackName: `Song ${n}`,
    artistName: 'Band',
    albumName: null,
    spotifyTrackId: String(n).padStart(22, '0'),
    platform: null,
    shuffle: null,
    skipped: null,
    offline: null,
    reasonStart: null,
    reasonEnd: null,
    streamKey: endedAt,
    ...overrides,
  };
}

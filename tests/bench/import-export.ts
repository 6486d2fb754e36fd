import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Rows per file, as in real exports (each file about 15 000 rows, 10–13 MB). */
const ROWS_PER_FILE = 15_000;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PLATFORMS = ['android', 'ios', 'windows', 'osx', 'web_player'];
const REASONS_END = ['trackdone', 'fwdbtn', 'backbtn', 'endplay', 'logout'];

/** Deterministic pseudo-random numbers (mulberry32), so every run writes the same export. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function spotifyId(n: number, salt: number): string {
  let id = '';
  for (let i = 0, v = n * 7919 + salt; i < 22; i++, v = Math.floor(v / 62) + i * 31) id += BASE62[v % 62];
  return id;
}

/**
 * Writes a synthetic extended streaming history of `rows` rows in the real format (every
 * field, both generations' personal fields included so the import must drop them) into
 * `folder`, time-ordered like Spotify's files. Reuses the files when they already exist.
 */
export function writeSyntheticExport(folder: string, rows: number): string[] {
  const marker = path.join(folder, `rows-${rows}.txt`);
  const files = Array.from({ length: Math.ceil(rows / ROWS_PER_FILE) }, (_, i) => path.join(folder, `Streaming_History_Audio_${i}.json`));
  if (existsSync(marker)) return files;
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const next = random(7);
  const tracks = Math.max(50, Math.round(rows / 20));
  const artists = Math.max(10, Math.round(tracks / 6));
  const start = Date.UTC(2016, 0, 1);
  const step = Math.floor((10 * 365 * 86_400_000) / rows);
  for (const [index, file] of files.entries()) {
    const lines: string[] = [];
    for (let r = index * ROWS_PER_FILE; r < Math.min(rows, (index + 1) * ROWS_PER_FILE); r++) {
      const track = Math.floor(next() ** 2 * tracks);
      const artist = track % artists;
      const episode = next() < 0.02;
      const skip = next() < 0.25;
      lines.push(
        JSON.stringify({
          ts: new Date(start + r * step + Math.floor(next() * 1000) * 1000 - ((start + r * step) % 1000))
            .toISOString()
            .replace(/\.\d{3}Z$/, 'Z'),
          platform: PLATFORMS[track % PLATFORMS.length],
          ms_played: skip ? Math.floor(next() * 29_000) : 30_000 + Math.floor(next() * 240_000),
          conn_country: 'DE',
          ip_addr: '192.0.2.1',
          master_metadata_track_name: episode ? null : `Track ${track} ✓`,
          master_metadata_album_artist_name: episode ? null : `Artist ${artist}`,
          master_metadata_album_album_name: episode ? null : `Album ${Math.floor(track / 10)}`,
          spotify_track_uri: episode ? null : `spotify:track:${spotifyId(track, 1)}`,
          episode_name: episode ? `Episode ${r}` : null,
          episode_show_name: episode ? 'A show' : null,
          spotify_episode_uri: episode ? `spotify:episode:${spotifyId(r, 2)}` : null,
          audiobook_title: null,
          audiobook_uri: null,
          audiobook_chapter_uri: null,
          audiobook_chapter_title: null,
          reason_start: 'trackdone',
          reason_end: skip ? 'fwdbtn' : REASONS_END[r % REASONS_END.length],
          shuffle: next() < 0.5,
          skipped: skip,
          offline: false,
          offline_timestamp: 0,
          incognito_mode: next() < 0.005,
        }),
      );
    }
    writeFileSync(file, `[\n${lines.join(',\n')}\n]`);
  }
  writeFileSync(marker, `${rows}\n`);
  return files;
}

export function exportBytes(files: string[]): number {
  return files.reduce((sum, file) => sum + readFileSync(file).length, 0);
}

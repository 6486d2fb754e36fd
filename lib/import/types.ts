/** A music stream from an export, validated and stripped of personal data. */
export type MusicRow = {
  kind: 'music';
  endedAt: number;
  /** Extended history gives seconds; account data only the minute ("YYYY-MM-DD HH:MM"). */
  precision: 'second' | 'minute';
  msPlayed: number;
  trackName: string | null;
  artistName: string | null;
  albumName: string | null;
  spotifyTrackId: string | null;
  platform: string | null;
  shuffle: boolean | null;
  skipped: boolean | null;
  offline: boolean | null;
  reasonStart: string | null;
  reasonEnd: string | null;
  /** The row's identity (lib/import/stream-key.ts): rows that differ in it are separate streams. */
  streamKey: number;
};

/** A podcast episode or audiobook chapter: kept apart from music. */
export type EpisodeRow = {
  kind: 'episode' | 'audiobook';
  endedAt: number;
  msPlayed: number;
  uri: string;
  title: string | null;
  showName: string | null;
  /** As MusicRow's. */
  streamKey: number;
};

/** What one stretch of a file yields: rows to write plus counts of rows left out on purpose. */
export type RowBatch = {
  music: MusicRow[];
  episodes: EpisodeRow[];
  /** Rows read, whatever became of them. */
  rows: number;
  incognito: number;
  /** Rows naming neither a track nor an episode (every metadata field may be null). */
  unidentified: number;
};

export type ExportFormat = 'extended' | 'account-music' | 'account-podcast';

/** A file to read: a name for messages and its bytes, streamed. */
export type SourceFile = { name: string; chunks: AsyncIterable<Uint8Array>; strict: boolean };

/** One reason a file was refused; `row` is 1-based where it applies. */
export type RowProblem = { row?: number; reason: string };

/** A file refused as a whole (files are all or nothing): names the file and each problem. */
export class ImportFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: RowProblem[],
  ) {
    super(problems.map((p) => `${file}${p.row === undefined ? '' : `, row ${p.row}`}: ${p.reason}`).join('\n'));
    this.name = 'ImportFileError';
  }
}

/** The inputs held no streaming history at all (for example a zip of something else). */
export class NoHistoryError extends Error {
  constructor(readonly input: string) {
    super(`${input}: no Spotify streaming history found (expected Streaming_History_*.json, endsong_*.json or StreamingHistory*.json)`);
    this.name = 'NoHistoryError';
  }
}

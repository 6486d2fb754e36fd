import type { AccountMusicRow, AccountPodcastRow, ExtendedRow } from './schema';
import { accountMusicStreamKey, accountPodcastStreamKey, extendedStreamKey } from './stream-key';
import type { EpisodeRow, ExportFormat, MusicRow } from './types';

/** File names Spotify gives streaming history, in every generation of both exports. */
const HISTORY_NAME =
  /^(Streaming_History_(Audio|Video)_.*|endsong_\d+|StreamingHistory_music_\d+|StreamingHistory_podcast_\d+|StreamingHistory\d+)\.json$/i;

export function isHistoryFileName(path: string): boolean {
  return HISTORY_NAME.test(path.split(/[\\/]/).pop() ?? '');
}

/** The format is read from the first row's fields: file names are only a hint. */
export function detectFormat(row: unknown): ExportFormat | null {
  if (!row || typeof row !== 'object' || Array.isArray(row)) return null;
  if ('ts' in row && 'ms_played' in row) return 'extended';
  if ('endTime' in row && 'msPlayed' in row) {
    if ('podcastName' in row) return 'account-podcast';
    if ('trackName' in row) return 'account-music';
  }
  return null;
}

const TRACK_URI = /^spotify:track:([0-9A-Za-z]+)$/;

function blankToNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value.trim() === '' ? null : value;
}

/**
 * What an extended row is, by which URI it sets. Incognito (private session) streams are
 * left out: the owner chose not to have them remembered.
 */
export function classifyExtended(row: ExtendedRow): MusicRow | EpisodeRow | 'incognito' | null {
  if (row.incognito_mode === true) return 'incognito';
  const episodeUri = blankToNull(row.spotify_episode_uri);
  if (episodeUri) {
    const title = blankToNull(row.episode_name);
    return {
      kind: 'episode',
      endedAt: row.ts,
      msPlayed: row.ms_played,
      uri: episodeUri,
      title,
      showName: blankToNull(row.episode_show_name),
      streamKey: extendedStreamKey(row, episodeUri),
    };
  }
  const chapterUri = blankToNull(row.audiobook_chapter_uri) ?? blankToNull(row.audiobook_uri);
  if (chapterUri) {
    const title = blankToNull(row.audiobook_chapter_title) ?? blankToNull(row.audiobook_title);
    return {
      kind: 'audiobook',
      endedAt: row.ts,
      msPlayed: row.ms_played,
      uri: chapterUri,
      title,
      showName: blankToNull(row.audiobook_title),
      streamKey: extendedStreamKey(row, chapterUri),
    };
  }
  const trackUri = TRACK_URI.exec(row.spotify_track_uri ?? '');
  const spotifyTrackId = trackUri?.[1] ?? null;
  const trackName = blankToNull(row.master_metadata_track_name);
  const artistName = blankToNull(row.master_metadata_album_artist_name);
  if (!spotifyTrackId && !(trackName && artistName)) return null;
  return {
    kind: 'music',
    endedAt: row.ts,
    precision: 'second',
    msPlayed: row.ms_played,
    trackName,
    artistName,
    albumName: blankToNull(row.master_metadata_album_album_name),
    spotifyTrackId,
    platform: blankToNull(row.platform),
    shuffle: row.shuffle ?? null,
    skipped: row.skipped ?? null,
    offline: row.offline ?? null,
    reasonStart: blankToNull(row.reason_start),
    reasonEnd: blankToNull(row.reason_end),
    streamKey: extendedStreamKey(row, trackUri?.[0] ?? null),
  };
}

export function classifyAccountMusic(row: AccountMusicRow): MusicRow | null {
  const trackName = blankToNull(row.trackName);
  const artistName = blankToNull(row.artistName);
  if (!trackName || !artistName) return null;
  return {
    kind: 'music',
    endedAt: row.endTime,
    precision: 'minute',
    msPlayed: row.msPlayed,
    trackName,
    artistName,
    albumName: null,
    spotifyTrackId: null,
    platform: null,
    shuffle: null,
    skipped: null,
    offline: null,
    reasonStart: null,
    reasonEnd: null,
    streamKey: accountMusicStreamKey(row),
  };
}

/**
 * Account-data podcasts carry no URI; a key built from the show and episode names stands in,
 * so re-importing them stays idempotent.
 */
export function classifyAccountPodcast(row: AccountPodcastRow): EpisodeRow {
  return {
    kind: 'episode',
    endedAt: row.endTime,
    msPlayed: row.msPlayed,
    uri: `account-data:${row.podcastName}\u001f${row.episodeName}`,
    title: blankToNull(row.episodeName),
    showName: blankToNull(row.podcastName),
    streamKey: accountPodcastStreamKey(row),
  };
}

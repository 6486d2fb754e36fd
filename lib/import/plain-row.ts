import { ISO_INSTANT, MAX_MS_PLAYED, plausibleInstant, type ExtendedRow } from './schema';

const TEXT_FIELDS = [
  'platform',
  'master_metadata_track_name',
  'master_metadata_album_artist_name',
  'master_metadata_album_album_name',
  'spotify_track_uri',
  'episode_name',
  'episode_show_name',
  'spotify_episode_uri',
  'audiobook_title',
  'audiobook_uri',
  'audiobook_chapter_uri',
  'audiobook_chapter_title',
  'reason_start',
  'reason_end',
] as const;
const FLAG_FIELDS = ['shuffle', 'skipped', 'offline', 'incognito_mode'] as const;

type Fields = Record<string, unknown>;
type Text = string | null | undefined;
type Flag = boolean | null | undefined;

const isText = (value: unknown) => value === undefined || value === null || typeof value === 'string';
const isFlag = (value: unknown) => value === undefined || value === null || typeof value === 'boolean';

/**
 * extendedRowSchema's result for a row every check of it passes, without zod, which cost
 * about a tenth of an import: nearly every row of a real export is such a row. Any other row
 * gives null, and the schema then decides, so its messages stay the only ones a person sees.
 * Checks at least as strict as the schema's, and the same output (personal fields dropped).
 */
export function readPlainExtendedRow(raw: unknown): ExtendedRow | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const row = raw as Fields;
  const { ts, ms_played: msPlayed, offline_timestamp: offlineTimestamp } = row;
  if (typeof ts !== 'string' || !ISO_INSTANT.test(ts)) return null;
  const endedAt = Date.parse(ts);
  if (Number.isNaN(endedAt) || !plausibleInstant(endedAt)) return null;
  if (typeof msPlayed !== 'number' || !Number.isSafeInteger(msPlayed) || msPlayed < 0 || msPlayed > MAX_MS_PLAYED) return null;
  if (!(
    offlineTimestamp === undefined ||
    offlineTimestamp === null ||
    (typeof offlineTimestamp === 'number' && Number.isFinite(offlineTimestamp) && offlineTimestamp >= 0)
  )) {
    return null;
  }
  for (const field of TEXT_FIELDS) if (!isText(row[field])) return null;
  for (const field of FLAG_FIELDS) if (!isFlag(row[field])) return null;
  // Spelled out, with no function per row: one object shape for every row, which the classifier then reads fast.
  return {
    ts: endedAt,
    ms_played: msPlayed,
    platform: row.platform as Text,
    master_metadata_track_name: row.master_metadata_track_name as Text,
    master_metadata_album_artist_name: row.master_metadata_album_artist_name as Text,
    master_metadata_album_album_name: row.master_metadata_album_album_name as Text,
    spotify_track_uri: row.spotify_track_uri as Text,
    episode_name: row.episode_name as Text,
    episode_show_name: row.episode_show_name as Text,
    spotify_episode_uri: row.spotify_episode_uri as Text,
    audiobook_title: row.audiobook_title as Text,
    audiobook_uri: row.audiobook_uri as Text,
    audiobook_chapter_uri: row.audiobook_chapter_uri as Text,
    audiobook_chapter_title: row.audiobook_chapter_title as Text,
    reason_start: row.reason_start as Text,
    reason_end: row.reason_end as Text,
    shuffle: row.shuffle as Flag,
    skipped: row.skipped as Flag,
    offline: row.offline as Flag,
    offline_timestamp: offlineTimestamp as number | null | undefined,
    incognito_mode: row.incognito_mode as Flag,
  };
}

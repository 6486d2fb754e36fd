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
  if (!(offlineTimestamp === undefined || offlineTimestamp === null || (typeof offlineTimestamp === 'number' && Number.isFinite(offlineTimestamp) && offlineTimestamp >= 0))) {
    return null;
  }
  for (const field of TEXT_FIELDS) if (!isText(row[field])) return null;
  for (const field of FLAG_FIELDS) if (!isFlag(row[field])) return null;
  const text = (field: (typeof TEXT_FIELDS)[number]) => row[field] as string | null | undefined;
  const flag = (field: (typeof FLAG_FIELDS)[number]) => row[field] as boolean | null | undefined;
  // Spelled out: one object shape for every row, which the classifier then reads fast.
  return {
    ts: endedAt,
    ms_played: msPlayed,
    platform: text('platform'),
    master_metadata_track_name: text('master_metadata_track_name'),
    master_metadata_album_artist_name: text('master_metadata_album_artist_name'),
    master_metadata_album_album_name: text('master_metadata_album_album_name'),
    spotify_track_uri: text('spotify_track_uri'),
    episode_name: text('episode_name'),
    episode_show_name: text('episode_show_name'),
    spotify_episode_uri: text('spotify_episode_uri'),
    audiobook_title: text('audiobook_title'),
    audiobook_uri: text('audiobook_uri'),
    audiobook_chapter_uri: text('audiobook_chapter_uri'),
    audiobook_chapter_title: text('audiobook_chapter_title'),
    reason_start: text('reason_start'),
    reason_end: text('reason_end'),
    shuffle: flag('shuffle'),
    skipped: flag('skipped'),
    offline: flag('offline'),
    offline_timestamp: offlineTimestamp as number | null | undefined,
    incognito_mode: flag('incognito_mode'),
  };
}

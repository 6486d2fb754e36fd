import { z } from 'zod';

/** Spotify launched in 2008; its oldest exported streams date from then. */
export const EARLIEST_MS = Date.UTC(2006, 0, 1);
/** A day of slack for clocks; a stream cannot end later than that. */
const FUTURE_SLACK_MS = 86_400_000;
/** Longest believable single stream (audiobooks run for hours, not days). */
export const MAX_MS_PLAYED = 86_400_000;
/** An extended row's `ts`. */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

const text = z.string().nullable().optional();
const flag = z.boolean().nullable().optional();

const msPlayed = z
  .number()
  .int('must be a whole number of milliseconds')
  .min(0, 'must not be negative')
  .max(MAX_MS_PLAYED, 'is longer than a day');

export function plausibleInstant(ms: number): boolean {
  return ms >= EARLIEST_MS && ms <= Date.now() + FUTURE_SLACK_MS;
}

const isoInstant = z
  .string()
  .regex(ISO_INSTANT, 'must be a UTC time like 2023-03-19T18:31:37Z')
  .transform((value) => Date.parse(value))
  .refine((ms) => !Number.isNaN(ms) && plausibleInstant(ms), 'is not a plausible time (before 2006 or in the future)');

const minuteInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, 'must be a UTC time like 2023-03-19 18:31')
  .transform((value) => Date.parse(`${value.replace(' ', 'T')}:00Z`))
  .refine((ms) => !Number.isNaN(ms) && plausibleInstant(ms), 'is not a plausible time (before 2006 or in the future)');

/**
 * Extended streaming history, every generation. Personal fields (ip_addr, ip_addr_decrypted,
 * user_agent_decrypted, username, conn_country) are not listed, so parsing drops them.
 */
export const extendedRowSchema = z.object({
  ts: isoInstant,
  ms_played: msPlayed,
  platform: text,
  master_metadata_track_name: text,
  master_metadata_album_artist_name: text,
  master_metadata_album_album_name: text,
  spotify_track_uri: text,
  episode_name: text,
  episode_show_name: text,
  spotify_episode_uri: text,
  audiobook_title: text,
  audiobook_uri: text,
  audiobook_chapter_uri: text,
  audiobook_chapter_title: text,
  reason_start: text,
  reason_end: text,
  shuffle: flag,
  skipped: flag,
  offline: flag,
  // Seconds, milliseconds or 0 depending on the generation; validated, not stored.
  offline_timestamp: z.number().nonnegative().nullable().optional(),
  incognito_mode: flag,
});
export type ExtendedRow = z.infer<typeof extendedRowSchema>;

/** Account data (1 year): StreamingHistory_music_N.json and the older StreamingHistoryN.json. */
export const accountMusicRowSchema = z.object({
  endTime: minuteInstant,
  artistName: z.string(),
  trackName: z.string(),
  msPlayed,
});
export type AccountMusicRow = z.infer<typeof accountMusicRowSchema>;

/** Account data podcasts: StreamingHistory_podcast_N.json. */
export const accountPodcastRowSchema = z.object({
  endTime: minuteInstant,
  podcastName: z.string(),
  episodeName: z.string(),
  msPlayed,
});
export type AccountPodcastRow = z.infer<typeof accountPodcastRowSchema>;

/** "field: message" of the first problem, in words a person can act on. */
export function describeIssue(error: z.ZodError, raw: unknown): string {
  const issue = error.issues[0]!;
  const field = issue.path.join('.');
  if (issue.code === 'invalid_type') {
    const value = field && raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[field] : undefined;
    const got = value === undefined ? 'missing' : value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;
    return `${field}: expected ${issue.expected}, got ${got}`;
  }
  return `${field || 'row'}: ${issue.message}`;
}

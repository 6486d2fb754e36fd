import { z } from 'zod';
import { EARLIEST_MS } from './schema';

/** Rows per request from the /import page: about 1 MB of JSON, far under Vercel's 4.5 MB. */
export const WEB_BATCH_ROWS = 2_500;

const name = z.string().max(1_000).nullable();
const flag = z.boolean().nullable();
const instant = z
  .number()
  .int()
  .min(EARLIEST_MS)
  .refine((ms) => ms <= Date.now() + 86_400_000, 'is in the future');
const msPlayed = z.number().int().min(0).max(86_400_000);
const streamKey = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const musicRow = z.object({
  kind: z.literal('music'),
  endedAt: instant,
  precision: z.enum(['second', 'minute']),
  msPlayed,
  trackName: name,
  artistName: name,
  albumName: name,
  spotifyTrackId: z
    .string()
    .regex(/^[0-9A-Za-z]{1,64}$/)
    .nullable(),
  platform: name,
  shuffle: flag,
  skipped: flag,
  offline: flag,
  reasonStart: name,
  reasonEnd: name,
  streamKey,
});

const episodeRow = z.object({
  kind: z.enum(['episode', 'audiobook']),
  endedAt: instant,
  msPlayed,
  uri: z.string().min(1).max(2_000),
  title: name,
  showName: name,
  streamKey,
});

const count = z.number().int().min(0).max(WEB_BATCH_ROWS);

/**
 * One request of the web import: rows the browser already read and validated from one file,
 * checked again here since the server trusts no client. `cover` is the span of the whole
 * file, so the ingest gaps it covers close even though it arrives in several requests.
 */
export const webBatchSchema = z
  .object({
    file: z.string().max(500),
    music: z.array(musicRow).max(WEB_BATCH_ROWS),
    episodes: z.array(episodeRow).max(WEB_BATCH_ROWS),
    rows: count,
    incognito: count,
    unidentified: count,
    cover: z.object({ from: instant, to: instant }).nullable(),
  })
  .refine((batch) => batch.music.length + batch.episodes.length + batch.incognito + batch.unidentified <= batch.rows, 'rows do not add up');
export type WebBatch = z.infer<typeof webBatchSchema>;

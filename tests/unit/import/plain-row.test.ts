import { describe, expect, it } from 'vitest';
import { classifyExtended } from '@/lib/import/classify';
import { readPlainExtendedRow } from '@/lib/import/plain-row';
import { extendedRowSchema } from '@/lib/import/schema';
import { extendedRow } from './helpers';

const FUTURE = new Date(Date.now() + 3 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Rows the schema refuses, one problem each. */
const REFUSED: Record<string, unknown>[] = [
  { ts: '2024-05-01 10:00:00' },
  { ts: '2024-05-01T10:00:00+02:00' },
  { ts: '2024-13-45T10:00:00Z' },
  { ts: '2005-12-31T23:59:59Z' },
  { ts: FUTURE },
  { ts: 1714557600000 },
  { ms_played: -1 },
  { ms_played: 1.5 },
  { ms_played: '200000' },
  { ms_played: 86_400_001 },
  { ms_played: undefined },
  { platform: 42 },
  { master_metadata_track_name: ['Song'] },
  { spotify_track_uri: { uri: 'x' } },
  { shuffle: 'true' },
  { incognito_mode: 0 },
  { offline_timestamp: -1 },
  { offline_timestamp: '0' },
].map((override) => extendedRow(override));

/** Rows the schema takes: every generation's variations of a good row. */
const ACCEPTED: Record<string, unknown>[] = [
  extendedRow({}),
  extendedRow({ ts: '2024-05-01T10:00:00.123Z', ms_played: 0 }),
  extendedRow({ shuffle: null, skipped: null, offline: null, incognito_mode: null, offline_timestamp: null }),
  extendedRow({ platform: '', reason_end: null, offline_timestamp: 1714557600 }),
  extendedRow({ master_metadata_track_name: null, spotify_track_uri: null, spotify_episode_uri: 'spotify:episode:1', episode_name: 'Ep' }),
  extendedRow({ incognito_mode: true, ip_addr_decrypted: '192.0.2.9', user_agent_decrypted: 'x', username: 'me' }),
  Object.fromEntries(
    Object.entries(extendedRow({})).filter(
      ([key]) => !['shuffle', 'skipped', 'offline', 'offline_timestamp', 'incognito_mode', 'audiobook_uri'].includes(key),
    ),
  ),
];

describe('the fast path for plain extended rows', () => {
  it('gives exactly what the schema gives for every row it takes, personal fields dropped', () => {
    for (const raw of ACCEPTED) {
      const fast = readPlainExtendedRow(raw);
      const parsed = extendedRowSchema.safeParse(raw);
      expect(parsed.success).toBe(true);
      expect(fast).not.toBeNull();
      expect(classifyExtended(fast!)).toEqual(classifyExtended(parsed.data!));
      for (const key of Object.keys(fast!)) expect(extendedRowSchema.shape).toHaveProperty(key);
      expect(fast!.ts).toBe(parsed.data!.ts);
    }
  });

  it('leaves every row the schema refuses to the schema, so its message is the one shown', () => {
    for (const raw of REFUSED) {
      expect(extendedRowSchema.safeParse(raw).success).toBe(false);
      expect(readPlainExtendedRow(raw)).toBeNull();
    }
    for (const raw of [null, [], 'row', 7]) expect(readPlainExtendedRow(raw)).toBeNull();
  });
});

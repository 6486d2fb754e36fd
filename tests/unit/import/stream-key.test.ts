import { describe, expect, it } from 'vitest';
import { classifyAccountMusic, classifyAccountPodcast, classifyExtended } from '@/lib/import/classify';
import { accountMusicRowSchema, accountPodcastRowSchema, extendedRowSchema } from '@/lib/import/schema';
import { hashStreamFields } from '@/lib/import/stream-key';
import { extendedRow } from './helpers';

const keyOfExtended = (overrides: Record<string, unknown>) => {
  const row = classifyExtended(extendedRowSchema.parse(extendedRow(overrides)));
  if (!row || typeof row === 'string') throw new Error('not a stream');
  return row.streamKey;
};

describe('stream keys', () => {
  it('are equal for rows equal in every field that is not personal, whatever the personal ones say', () => {
    expect(keyOfExtended({})).toBe(keyOfExtended({ ip_addr: '203.0.113.9', conn_country: 'FR', username: 'someone' }));
  });

  it('differ when any field of the stream differs', () => {
    const base = keyOfExtended({});
    const changes: Record<string, unknown>[] = [
      { ts: '2024-05-01T10:00:01Z' },
      { spotify_track_uri: 'spotify:track:0000000000000000000002' },
      { ms_played: 199_999 },
      { offline: true },
      { offline_timestamp: 1714557600 },
      { reason_start: 'clickrow' },
      { reason_end: 'fwdbtn' },
      { shuffle: true },
      { skipped: true },
      { skipped: null },
      { platform: 'ios' },
    ];
    const keys = changes.map(keyOfExtended);
    for (const key of keys) expect(key).not.toBe(base);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('ignore names when the URI is set, and use them when it is not', () => {
    expect(keyOfExtended({ master_metadata_track_name: 'Renamed' })).toBe(keyOfExtended({}));
    const noUri = { spotify_track_uri: null };
    expect(keyOfExtended({ ...noUri, master_metadata_track_name: 'Renamed' })).not.toBe(keyOfExtended(noUri));
  });

  it('tell null from false, 0 and the empty string, and a missing field from nothing else', () => {
    const keys = [null, false, 0, '', '0'].map((value) => hashStreamFields(['x', value]));
    expect(new Set(keys).size).toBe(5);
    expect(hashStreamFields(['x', undefined])).toBe(hashStreamFields(['x', null]));
    expect(hashStreamFields(['ab', 'c'])).not.toBe(hashStreamFields(['a', 'bc']));
  });

  it('are safe integers of up to 53 bits', () => {
    for (let i = 0; i < 1000; i++) {
      const key = hashStreamFields(['x', i, `row ${i}`]);
      expect(Number.isSafeInteger(key) && key >= 0).toBe(true);
    }
  });

  it('of account data: artist, title, end and length make the stream', () => {
    const music = (o: Record<string, unknown>) =>
      classifyAccountMusic(
        accountMusicRowSchema.parse({ endTime: '2022-07-02 21:14', artistName: 'Björk', trackName: 'Jóga', msPlayed: 280, ...o }),
      )!.streamKey;
    expect(music({})).toBe(music({}));
    expect(
      new Set([
        music({}),
        music({ msPlayed: 244_000 }),
        music({ endTime: '2022-07-02 21:15' }),
        music({ trackName: 'Hunter' }),
        music({ artistName: 'Bjork' }),
      ]).size,
    ).toBe(5);
    const podcast = (o: Record<string, unknown>) =>
      classifyAccountPodcast(
        accountPodcastRowSchema.parse({ endTime: '2023-02-02 07:45', podcastName: 'The Daily', episodeName: 'A', msPlayed: 1, ...o }),
      ).streamKey;
    expect(podcast({})).not.toBe(podcast({ episodeName: 'B' }));
  });
});

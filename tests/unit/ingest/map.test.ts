import { describe, expect, it } from 'vitest';
import { estimateMsPlayed } from '@/lib/plays';
import { mapRecentlyPlayed, pickImage } from '@/lib/spotify/map';
import { spotifyRecentlyPlayedSchema } from '@/lib/spotify/types';
import { buildCatalog } from '@/tests/fakes/spotify-catalog';

const catalog = buildCatalog(2, 4);
const item = (trackId: string, playedAt: string) => ({ track: catalog.trackJson(trackId), played_at: playedAt, context: null });
const ids = [...catalog.tracks.keys()];

describe('recently-played mapping', () => {
  it('maps items oldest first with millisecond end times, credits in order, and skips local files', () => {
    const local = { ...catalog.trackJson(ids[0]!)!, id: null, is_local: true };
    const response = spotifyRecentlyPlayedSchema.parse({
      items: [
        item(ids[3]!, '2026-11-20T10:05:00.123Z'),
        { track: local, played_at: '2026-11-20T10:01:00.000Z', context: null },
        item(ids[1]!, '2026-11-20T10:00:00.456Z'),
      ],
      cursors: { after: '1', before: '0' },
    });
    const plays = mapRecentlyPlayed(response);
    expect(plays.map((p) => [p.track.spotifyId, p.endedAt])).toEqual([
      [ids[1], Date.UTC(2026, 10, 20, 10, 0, 0, 456)],
      [ids[3], Date.UTC(2026, 10, 20, 10, 5, 0, 123)],
    ]);
    expect(plays[1]!.track.artists.map((a) => a.name)).toEqual(['Artist 0', 'Artist 1']);
    expect(plays[1]!.track.album).toMatchObject({ name: 'Album 0.1', artist: { name: 'Artist 0' }, releaseDate: '2024-03-01' });
  });

  it('rejects a response missing what ingestion needs, naming the field', () => {
    const broken = {
      items: [{ ...item(ids[0]!, '2026-11-20T10:00:00Z'), track: { ...catalog.trackJson(ids[0]!)!, duration_ms: 'long' } }],
    };
    const result = spotifyRecentlyPlayedSchema.safeParse(broken);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['items', 0, 'track', 'duration_ms']);
    expect(spotifyRecentlyPlayedSchema.safeParse({ items: [item(ids[0]!, 'yesterday')] }).success).toBe(false);
  });

  it('picks the image nearest 300 px', () => {
    expect(
      pickImage([
        { url: 'https://i.scdn.co/a', width: 640 },
        { url: 'https://i.scdn.co/b', width: 300 },
        { url: 'https://i.scdn.co/c', width: 64 },
      ]),
    ).toBe('https://i.scdn.co/b');
    expect(pickImage([])).toBeNull();
  });

  it('estimates listening time as the track length, capped by the time since the previous play ended', () => {
    expect(estimateMsPlayed(200_000, 1_000_000, null)).toBe(200_000);
    expect(estimateMsPlayed(200_000, 1_000_000, 900_000)).toBe(100_000);
    expect(estimateMsPlayed(200_000, 1_000_000, 500_000)).toBe(200_000);
  });
});

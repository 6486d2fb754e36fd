import { describe, expect, it } from 'vitest';
import { generateHistory, type HistoryOptions } from '@/lib/demo/generate';
import { addDays, toLocalParts } from '@/lib/time';

const OPTIONS: HistoryOptions = {
  seed: 1,
  plays: 1_500,
  tracks: 80,
  artists: 20,
  endDay: '2025-03-31',
  days: 60,
  timeZone: 'Europe/Berlin',
};

describe('generateHistory', () => {
  it('is the same history for the same seed, and another for another seed', () => {
    const first = generateHistory(OPTIONS);
    expect(generateHistory(OPTIONS)).toEqual(first);
    expect(generateHistory({ ...OPTIONS, seed: 2 }).plays).not.toEqual(first.plays);
  });

  it('makes exactly the number of plays asked for', () => {
    expect(generateHistory(OPTIONS).plays).toHaveLength(1_500);
    expect(generateHistory({ ...OPTIONS, plays: 777, days: 30 }).plays).toHaveLength(777);
  });

  it('ends on endDay, in time order, within the asked span of days', () => {
    const { plays } = generateHistory(OPTIONS);
    expect(plays.at(-1)!.localDay).toBe('2025-03-31');
    expect(plays[0]!.localDay >= addDays('2025-03-31', -59)).toBe(true);
    expect(plays.every((play, i) => i === 0 || plays[i - 1]!.endedAt <= play.endedAt)).toBe(true);
  });

  // Known bug (lib/demo/generate.ts): a session starting at 23:00 on endDay runs past midnight,
  // so some seeds end a day late — with endDay = today, plays land in the future. Flip to `it`
  // once sessions are kept inside their day.
  it('never has a play after endDay, even when a late session runs past midnight (seed 12)', () => {
    const { plays } = generateHistory({ ...OPTIONS, seed: 12 });
    expect(plays.filter((play) => play.localDay > OPTIONS.endDay)).toEqual([]);
  });

  it('counts plays of 30 s or more and stores local times of the zone', () => {
    const { plays } = generateHistory(OPTIONS);
    expect(plays.filter((play) => play.counted !== play.msPlayed >= 30_000)).toEqual([]);
    expect(plays.some((play) => !play.counted)).toBe(true);
    const mismatched = plays.filter((play) => {
      const local = toLocalParts(play.endedAt, OPTIONS.timeZone);
      return local.day !== play.localDay || local.hour !== play.localHour || local.weekday !== play.localWeekday;
    });
    expect(mismatched).toEqual([]);
  });

  it('builds a consistent catalogue of the asked size', () => {
    const { catalog, plays } = generateHistory(OPTIONS);
    expect([catalog.artists.length, catalog.tracks.length]).toEqual([20, 80]);
    const trackIds = new Set(catalog.tracks.map((track) => track.id));
    expect(plays.every((play) => trackIds.has(play.trackId))).toBe(true);
    const mainArtists = catalog.trackArtists.filter((credit) => credit.position === 0);
    expect(mainArtists.map((credit) => credit.trackId)).toEqual(catalog.tracks.map((track) => track.id));
    const genreIds = new Set(catalog.genres.map((genre) => genre.id));
    expect(catalog.artistGenres.every((link) => genreIds.has(link.genreId))).toBe(true);
    expect(new Set(catalog.genres.map((genre) => genre.slug)).size).toBe(catalog.genres.length);
  });
});

import type { Database } from '@/db';
import { addDays, localDayStartMs } from '@/lib/time';
import { LibraryBuilder } from './library-builder';

/**
 * A small library whose every number the tests compute by hand. Local times are Berlin
 * (CET, UTC+1, in early March 2025). Minutes below are whole minutes of listening.
 *
 * Genres: Rock, Pop, Jazz. Artists (genres by weight): Alpha (Rock, Pop), beta (Rock),
 * Gamma (Jazz), epsilon (none), Delta (Jazz). Albums: One (by Alpha), Two (beta), Three (Gamma).
 *
 * | track  | artists         | album | counted plays        | skips |
 * |--------|-----------------|-------|----------------------|-------|
 * | Song A | Alpha           | One   | 2 × 3 min            | 1     |
 * | Song B | Alpha, beta     | One   | 1 × 4 min            |       |
 * | Song C | beta            | Two   | 2 × 2 min            | 1     |
 * | Zebra  | Gamma, epsilon  | Three | 1 × 5 min            |       |
 * | apple  | Delta           | —     | 1 × 5 min            |       |
 *
 * | play | track  | ended (UTC)      | ms      | local day, hour, weekday (0 = Mon) |
 * |------|--------|------------------|---------|------------------------------------|
 * | 1    | Song A | 03-03 10:00      | 180 000 | 03-03, 11, 0                       |
 * | 2    | Song A | 03-03 10:05      |  10 000 | 03-03, 11, 0 (skip)                |
 * | 3    | Song B | 03-04 18:00      | 240 000 | 03-04, 19, 1                       |
 * | 4    | Song C | 03-05 07:00      | 120 000 | 03-05, 8, 2                        |
 * | 5    | Song C | 03-05 07:10      | 120 000 | 03-05, 8, 2                        |
 * | 6    | Zebra  | 03-09 23:30      | 300 000 | 03-10, 0, 0 (next local day)       |
 * | 7    | apple  | 03-10 12:00      | 300 000 | 03-10, 13, 0                       |
 * | 8    | Song A | 03-11 20:00      | 180 000 | 03-11, 21, 1                       |
 * | 9    | Song C | 03-11 20:10      |  20 000 | 03-11, 21, 1 (skip)                |
 */
export const SAMPLE_TIME_ZONE = 'Europe/Berlin';

export const MINUTE = 60_000;

export const PLAY_ENDS = {
  p1: '2025-03-03T10:00:00Z',
  p2: '2025-03-03T10:05:00Z',
  p3: '2025-03-04T18:00:00Z',
  p4: '2025-03-05T07:00:00Z',
  p5: '2025-03-05T07:10:00Z',
  p6: '2025-03-09T23:30:00Z',
  p7: '2025-03-10T12:00:00Z',
  p8: '2025-03-11T20:00:00Z',
  p9: '2025-03-11T20:10:00Z',
} as const;

export async function writeSampleLibrary(db: Database) {
  const b = new LibraryBuilder(SAMPLE_TIME_ZONE);
  const genres = { rock: b.genre('Rock'), pop: b.genre('Pop'), jazz: b.genre('Jazz') };
  const artists = {
    alpha: b.artist('Alpha', [genres.rock, genres.pop]),
    beta: b.artist('beta', [genres.rock]),
    gamma: b.artist('Gamma', [genres.jazz]),
    epsilon: b.artist('epsilon'),
    delta: b.artist('Delta', [genres.jazz]),
  };
  const albums = { one: b.album('One', artists.alpha), two: b.album('Two', artists.beta), three: b.album('Three', artists.gamma) };
  const tracks = {
    songA: b.track('Song A', [artists.alpha], albums.one),
    songB: b.track('Song B', [artists.alpha, artists.beta], albums.one),
    songC: b.track('Song C', [artists.beta], albums.two),
    zebra: b.track('Zebra', [artists.gamma, artists.epsilon], albums.three),
    apple: b.track('apple', [artists.delta]),
  };
  const plays = {
    p1: b.play(tracks.songA, PLAY_ENDS.p1, 3 * MINUTE),
    p2: b.play(tracks.songA, PLAY_ENDS.p2, 10_000),
    p3: b.play(tracks.songB, PLAY_ENDS.p3, 4 * MINUTE),
    p4: b.play(tracks.songC, PLAY_ENDS.p4, 2 * MINUTE),
    p5: b.play(tracks.songC, PLAY_ENDS.p5, 2 * MINUTE),
    p6: b.play(tracks.zebra, PLAY_ENDS.p6, 5 * MINUTE),
    p7: b.play(tracks.apple, PLAY_ENDS.p7, 5 * MINUTE),
    p8: b.play(tracks.songA, PLAY_ENDS.p8, 3 * MINUTE),
    p9: b.play(tracks.songC, PLAY_ENDS.p9, 20_000),
  };
  await b.write(db);
  return { genres, artists, albums, tracks, plays };
}

export type SampleIds = Awaited<ReturnType<typeof writeSampleLibrary>>;

/** Ranges as the stats pages pass them: whole local days, inclusive. */
export const MARCH = { fromDay: '2025-03-01', toDay: '2025-03-31', allTime: false } as const;
/** Long enough (> 400 days) to take the wide-range query plan. */
export const EVERYTHING = { fromDay: '2000-01-01', toDay: '2030-12-31', allTime: false } as const;
export const ALL_TIME = { ...EVERYTHING, allTime: true } as const;

/** The instants bounding a day range in the sample's zone, as lib/stats.ts computes them. */
export function instantsOf(range: { fromDay: string; toDay: string }) {
  return {
    fromMs: localDayStartMs(range.fromDay, SAMPLE_TIME_ZONE),
    toMs: localDayStartMs(addDays(range.toDay, 1), SAMPLE_TIME_ZONE),
  };
}

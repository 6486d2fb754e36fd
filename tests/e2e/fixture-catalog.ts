import type { Catalog } from '@/lib/demo/types';
import { nameKey, trackLookupKey } from '@/lib/names';

/**
 * The hand-made catalogue of the e2e database. Every number the specs expect (see
 * expected.ts) was worked out by hand from this file, so change both together.
 */
export const NAMES = {
  aurora: 'Aurora Lane',
  hum: 'The Static Hum',
  hebrew: 'נועם שחר',
  emoji: '🎧 Emoji Beats',
  glassRiver: 'Glass River',
  paperMoon: 'Paper Moon',
  script: '<script>alert(1)</script>',
  arabic: 'أغنية الليل',
  rocket: 'Rocket 🚀 Fuel',
  northernLights: 'Northern Lights',
  imgAlbum: '<img src=x onerror=alert(2)>',
  neon: 'Neon 🌈 Nights',
  indieRock: 'Indie Rock',
  dreamPop: 'Dream Pop',
  electronic: 'Electronic',
} as const;

const artist = (id: number, name: string) => ({ id, name, nameKey: nameKey(name) });
const album = (id: number, name: string, artistId: number) => ({ id, name, nameKey: nameKey(name), artistId });
const track = (id: number, name: string, artistName: string, albumId: number | null, durationMs: number) => ({
  id,
  name,
  lookupKey: trackLookupKey(artistName, name),
  albumId,
  durationMs,
});

export const FIXTURE_CATALOG: Catalog = {
  genres: [
    { id: 1, slug: 'indie-rock', name: NAMES.indieRock },
    { id: 2, slug: 'dream-pop', name: NAMES.dreamPop },
    { id: 3, slug: 'electronic', name: NAMES.electronic },
  ],
  artists: [artist(1, NAMES.aurora), artist(2, NAMES.hum), artist(3, NAMES.hebrew), artist(4, NAMES.emoji)],
  // Indie Rock is shared by Aurora Lane and The Static Hum; the Hebrew-named artist has no genre.
  artistGenres: [
    { artistId: 1, genreId: 1, weight: 0.6 },
    { artistId: 1, genreId: 2, weight: 0.4 },
    { artistId: 2, genreId: 1, weight: 1 },
    { artistId: 4, genreId: 3, weight: 1 },
  ],
  albums: [album(1, NAMES.northernLights, 1), album(2, NAMES.imgAlbum, 2), album(3, NAMES.neon, 4)],
  tracks: [
    track(1, NAMES.glassRiver, NAMES.aurora, 1, 240_000),
    track(2, NAMES.paperMoon, NAMES.aurora, 1, 330_000),
    track(3, NAMES.script, NAMES.hum, 2, 200_000),
    track(4, NAMES.arabic, NAMES.hebrew, null, 210_000),
    track(5, NAMES.rocket, NAMES.emoji, 3, 180_000),
  ],
  // Paper Moon is by Aurora Lane & The Static Hum.
  trackArtists: [
    { trackId: 1, artistId: 1, position: 0 },
    { trackId: 2, artistId: 1, position: 0 },
    { trackId: 2, artistId: 2, position: 1 },
    { trackId: 3, artistId: 2, position: 0 },
    { trackId: 4, artistId: 3, position: 0 },
    { trackId: 5, artistId: 4, position: 0 },
  ],
  tracksByArtist: [],
};

const FULL: Record<number, number> = { 1: 240_000, 2: 330_000, 3: 200_000, 4: 210_000, 5: 180_000 };

/** A play ending at a local time (YYYY-MM-DD HH:MM) in the site's zone. */
export type FixturePlay = { track: number; at: string; ms: number };

/** Without `ms` the whole track was heard. */
const play = (trackId: number, at: string, ms = FULL[trackId]!): FixturePlay => ({ track: trackId, at, ms });

/** Plays at fixed local times. Skips are under 30 s. No day is a DST change day. */
export const FIXED_PLAYS: FixturePlay[] = [
  // 2024: 4 plays, no skips. 23:45 on New Year's Eve is 22:45 UTC: still 2024.
  play(4, '2024-04-01 12:00'),
  play(4, '2024-06-15 12:00'),
  play(3, '2024-09-01 12:00'),
  play(4, '2024-12-31 23:45'),
  // 2025: 15 plays and 3 skips. 00:30 on 1 January is 23:30 UTC the day before: only the
  // site's zone puts it in 2025 (a Wednesday, hour 0).
  play(1, '2025-01-01 00:30'),
  play(1, '2025-02-14 20:00'),
  play(1, '2025-03-10 08:15'),
  play(1, '2025-03-11 08:15'),
  play(2, '2025-03-12 21:00'),
  play(2, '2025-03-15 21:00'),
  play(3, '2025-03-20 13:00'),
  play(4, '2025-05-05 07:00'),
  play(1, '2025-06-21 18:00'),
  play(1, '2025-06-21 18:05', 12_000),
  play(2, '2025-07-04 22:30'),
  play(3, '2025-08-08 09:00'),
  play(3, '2025-08-08 09:01', 5_000),
  play(4, '2025-09-09 19:00'),
  play(5, '2025-10-10 16:00'),
  play(5, '2025-10-10 16:01', 29_999),
  play(2, '2025-11-30 10:00'),
  play(3, '2025-12-31 23:30'),
];

/** Plays of the default "last 4 weeks": days before the build's today, at noon (no midnight races). */
export const RECENT_PLAYS: { track: number; daysAgo: number; time: string }[] = [
  { track: 5, daysAgo: 10, time: '12:00' },
  { track: 5, daysAgo: 9, time: '12:00' },
];

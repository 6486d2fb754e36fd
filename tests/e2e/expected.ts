import { NAMES as N } from './fixture-catalog';

/*
 * What the pages must show for the fixture of fixture-catalog.ts, worked out by hand.
 * Track lengths: Glass River 4:00, Paper Moon 5:30, <script> 3:20, Arabic 3:30, Rocket 3:00.
 * Indie Rock is Aurora Lane's and The Static Hum's genre: Paper Moon (by both) counts once.
 */
export const YEAR_2025 = {
  // 5×240 + 4×330 + 3×200 + 2×210 + 1×180 s = 3,720 s = 62 min.
  tiles: { plays: '15', time: '1 h 2 min', tracks: '5', artists: '4', albums: '3', skips: '3' },
  tracks: [
    [N.glassRiver, 5],
    [N.paperMoon, 4],
    [N.script, 3],
    [N.arabic, 2],
    [N.rocket, 1],
  ],
  // By listening time: Paper Moon 22 min, Glass River 20, <script> 10, Arabic 7, Rocket 3.
  tracksByMinutes: [
    [N.paperMoon, 4],
    [N.glassRiver, 5],
    [N.script, 3],
    [N.arabic, 2],
    [N.rocket, 1],
  ],
  artists: [
    [N.aurora, 9],
    [N.hum, 7],
    [N.hebrew, 2],
    [N.emoji, 1],
  ],
  // Arabic's track has no album.
  albums: [
    [N.northernLights, 9],
    [N.imgAlbum, 3],
    [N.neon, 1],
  ],
  genres: [
    [N.indieRock, 12],
    [N.dreamPop, 9],
    [N.electronic, 1],
  ],
  chartSummary: 'Plays per week, Week of 2024-12-30 to Week of 2025-12-29: average 0, peak 4 (Week of 2025-03-10).',
  history: { count: '18 streams, skips included · page 1 of 1', rows: 18, skips: 3 },
} as const;

export const YEAR_2024 = {
  // 3×210 + 200 s = 830 s ≈ 14 min; the <script> track is on an album, Arabic's is not.
  tiles: { plays: '4', time: '14 min', tracks: '2', artists: '2', albums: '1', skips: '0' },
  tracks: [
    [N.arabic, 3],
    [N.script, 1],
  ],
  artists: [
    [N.hebrew, 3],
    [N.hum, 1],
  ],
  history: { count: '4 streams, skips included · page 1 of 1', rows: 4 },
} as const;

/** 2024 + 2025 + the two recent Rocket plays. */
export const ALL_TIME = {
  // 4,910 s ≈ 81.8 min.
  tiles: { plays: '21', time: '1 h 22 min', tracks: '5', artists: '4', albums: '3', skips: '3' },
  // Glass River and Arabic both have 5 plays: 20 min beats 17.5 min.
  tracks: [
    [N.glassRiver, 5],
    [N.arabic, 5],
    [N.paperMoon, 4],
    [N.script, 4],
    [N.rocket, 3],
  ],
  tracksByMinutes: [
    [N.paperMoon, 4],
    [N.glassRiver, 5],
    [N.arabic, 5],
    [N.script, 4],
    [N.rocket, 3],
  ],
  artists: [
    [N.aurora, 9],
    [N.hum, 8],
    [N.hebrew, 5],
    [N.emoji, 3],
  ],
  genres: [
    [N.indieRock, 13],
    [N.dreamPop, 9],
    [N.electronic, 3],
  ],
} as const;

/** ?from=2025-03-01&to=2025-03-31 */
export const MARCH_2025 = {
  from: '2025-03-01',
  to: '2025-03-31',
  // 2×240 + 2×330 + 200 s = 1,340 s ≈ 22 min.
  tiles: { plays: '5', time: '22 min', tracks: '3', artists: '2', albums: '2', skips: '0' },
  // Paper Moon and Glass River both have 2 plays: 11 min beats 8 min.
  tracks: [
    [N.paperMoon, 2],
    [N.glassRiver, 2],
    [N.script, 1],
  ],
  chartSummary: 'Plays per day, 2025-03-01 to 2025-03-31: average 0, peak 1 (2025-03-10).',
  // Per day: 4, 4, 6 (5.5 rounded), 6 and 3 min.
  chartSummaryByMinutes: 'Minutes per day, 2025-03-01 to 2025-03-31: average 1, peak 6 (2025-03-12).',
  days: 5,
} as const;

/** The default "last 4 weeks": two plays of Rocket 🚀 Fuel 9 and 10 days ago. */
export const LAST_4_WEEKS = {
  tiles: { plays: '2', time: '6 min', tracks: '1', artists: '1', albums: '1', skips: '0' },
  tracks: [[N.rocket, 2]],
} as const;

/** Detail pages with ?range=2025. */
export const DETAILS_2025 = {
  glassRiver: {
    path: '/tracks/1',
    plays: '5',
    time: '20 min',
    skips: '1',
    lifetime: '5',
    first: '1 Jan 2025, 00:30',
    last: '21 Jun 2025, 18:00',
  },
  script: { path: '/tracks/3', plays: '3', time: '10 min', skips: '1', lifetime: '4' },
  aurora: {
    path: '/artists/1',
    plays: '9',
    time: '42 min',
    skips: '1',
    lifetime: '9',
    genres: [N.indieRock, N.dreamPop],
    tracks: [
      [N.glassRiver, 5],
      [N.paperMoon, 4],
    ],
    albums: [[N.northernLights, 9]],
  },
  hebrew: { path: '/artists/3', plays: '2', lifetime: '5', tracks: [[N.arabic, 2]] },
  northernLights: {
    path: '/albums/1',
    plays: '9',
    time: '42 min',
    skips: '1',
    lifetime: '9',
    tracks: [
      [N.glassRiver, 5],
      [N.paperMoon, 4],
    ],
  },
  indieRock: {
    path: '/genres/indie-rock',
    plays: '12',
    time: '52 min',
    skips: '2',
    lifetime: '13',
    artists: [
      [N.aurora, 9],
      [N.hum, 7],
    ],
    tracks: [
      [N.glassRiver, 5],
      [N.paperMoon, 4],
      [N.script, 3],
    ],
  },
  // The Static Hum is only a guest on Paper Moon: not one of Dream Pop's artists.
  dreamPop: {
    path: '/genres/dream-pop',
    plays: '9',
    artists: [[N.aurora, 9]],
    tracks: [
      [N.glassRiver, 5],
      [N.paperMoon, 4],
    ],
  },
} as const;

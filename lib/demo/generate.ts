import { isCounted } from '@/lib/plays';
import { slugify, nameKey, trackLookupKey } from '@/lib/names';
import { addDays, localDayStartMs, toLocalParts } from '@/lib/time';
import { GENRE_NAMES, makeArtistName, makeTitle } from './names';
import { createRandom, type Random } from './random';
import type { Catalog, PlayRow } from './types';

export type HistoryOptions = {
  seed: number;
  plays: number;
  tracks: number;
  artists: number;
  /** Last local day of the history; it spans `days` days up to it. */
  endDay: string;
  days: number;
  timeZone: string;
};

/** Share of each hour in a day's listening: quiet nights, a commute bump, an evening peak. */
const HOUR_WEIGHTS = [2, 1, 0.5, 0.3, 0.2, 0.3, 1, 3, 5, 4, 3, 3, 4, 4, 3, 3, 4, 6, 7, 8, 9, 8, 6, 4];
const WEEKDAY_FACTORS = [0.9, 0.95, 1, 1, 1.15, 1.35, 1.2].map((f, _, all) => (f * all.length) / all.reduce((a, b) => a + b));

function buildCatalog(random: Random, options: HistoryOptions): Catalog {
  const genres = GENRE_NAMES.map((name, i) => ({ id: i + 1, slug: slugify(name), name }));
  const artists = Array.from({ length: options.artists }, (_, i) => {
    const name = makeArtistName(random, i);
    return { id: i + 1, name, nameKey: nameKey(name) };
  });
  const artistGenres = artists.flatMap((artist) => {
    const home = random.int(0, genres.length - 1);
    const count = random.weighted([4, 4, 2]) + 1;
    const picked = new Set([home, ...Array.from({ length: count - 1 }, () => (home + random.int(1, 4)) % genres.length)]);
    return [...picked].map((g, rank) => ({ artistId: artist.id, genreId: g + 1, weight: 1 / (rank + 1) }));
  });
  const tracksByArtist: number[][] = artists.map(() => []);
  const albums: Catalog['albums'] = [];
  const tracks: Catalog['tracks'] = [];
  const trackArtists: Catalog['trackArtists'] = [];
  const albumOf = new Map<number, { id: number; size: number }>();
  for (let i = 0; i < options.tracks; i++) {
    const artistIndex = i < artists.length ? i : random.zipf(artists.length, 0.9);
    const artist = artists[artistIndex]!;
    let album = albumOf.get(artist.id);
    if (!album || album.size >= random.int(8, 14)) {
      const name = makeTitle(random, () => artist.name);
      album = { id: albums.length + 1, size: 0 };
      albums.push({ id: album.id, name, nameKey: nameKey(name), artistId: artist.id });
      albumOf.set(artist.id, album);
    }
    album.size++;
    const id = i + 1;
    const featured = random.next() < 0.18 ? artists[random.int(0, artists.length - 1)]! : undefined;
    const name = makeTitle(random, () => featured?.name ?? artist.name);
    tracks.push({ id, name, lookupKey: trackLookupKey(artist.name, name), albumId: album.id, durationMs: random.int(95, 380) * 1000 });
    trackArtists.push({ trackId: id, artistId: artist.id, position: 0 });
    if (featured && featured.id !== artist.id) trackArtists.push({ trackId: id, artistId: featured.id, position: 1 });
    tracksByArtist[artistIndex]!.push(id);
  }
  return { genres, artists, artistGenres, albums, tracks, trackArtists, tracksByArtist };
}

/**
 * A deterministic listening history: sessions of consecutive plays at plausible hours, more at
 * weekends, favourite artists drifting month by month, skips and back-to-back repeats.
 */
export function generateHistory(options: HistoryOptions): { catalog: Catalog; plays: PlayRow[] } {
  const random = createRandom(options.seed);
  const catalog = buildCatalog(random, options);
  const durations = new Map(catalog.tracks.map((t) => [t.id, t.durationMs]));
  const artistCount = catalog.artists.length;
  // A little over the target per day, so that trimming the oldest plays gives the exact count.
  const perDay = (options.plays / options.days) * 1.04;
  const plays: PlayRow[] = [];
  const firstDay = addDays(options.endDay, -(options.days - 1));
  let previousTrack = 1;
  for (let d = 0; d < options.days; d++) {
    const day = addDays(firstDay, d);
    const dayStart = localDayStartMs(day, options.timeZone);
    const weekday = toLocalParts(dayStart + 43_200_000, options.timeZone).weekday;
    const drift = Math.floor(d / 30) * Math.max(1, Math.floor(artistCount / 40));
    let remaining = Math.round(perDay * WEEKDAY_FACTORS[weekday]! * (0.55 + random.next() * 0.9));
    while (remaining > 0) {
      const hour = random.weighted(HOUR_WEIGHTS);
      let cursor = dayStart + hour * 3_600_000 + random.int(0, 3_599_999);
      const sessionLength = Math.min(remaining, random.int(3, 25));
      for (let s = 0; s < sessionLength; s++) {
        const repeat = random.next() < 0.04;
        const artistIndex = (random.zipf(artistCount) + drift) % artistCount;
        const artistTracks = catalog.tracksByArtist[artistIndex]!;
        const trackId = repeat ? previousTrack : (artistTracks[random.zipf(artistTracks.length, 1.2)] ?? 1);
        const duration = durations.get(trackId) ?? 180_000;
        const skip = random.next() < 0.12;
        const msPlayed = skip ? random.int(1_000, 29_000) : random.next() < 0.85 ? duration : random.int(30_000, duration);
        cursor += msPlayed + random.int(0, 4_000);
        plays.push(makePlay(trackId, cursor, msPlayed, options.timeZone));
        previousTrack = trackId;
      }
      remaining -= sessionLength;
    }
  }
  // A late session can run past midnight of the last day; the history must not reach the future.
  const ended = plays.filter((play) => play.localDay <= options.endDay).sort((a, b) => a.endedAt - b.endedAt);
  // Daily counts are random around the mean; trimming the oldest keeps the exact total and the recent end.
  return { catalog, plays: ended.slice(Math.max(0, ended.length - options.plays)) };
}

function makePlay(trackId: number, endedAt: number, msPlayed: number, timeZone: string): PlayRow {
  const local = toLocalParts(endedAt, timeZone);
  return {
    trackId,
    endedAt,
    msPlayed,
    counted: isCounted(msPlayed),
    localDay: local.day,
    localHour: local.hour,
    localWeekday: local.weekday,
  };
}

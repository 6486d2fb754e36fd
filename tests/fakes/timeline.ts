import type { FakeCatalog, FakePlay } from './spotify-catalog';

/** A deterministic pseudo-random source, so a scripted month is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * A scripted listening history: 1–3 sessions a day of 5–40 plays back to back, some cut
 * short (skip-ahead, still ≥ 31 s), some a genuine repeat of the track just played.
 */
export function generateTimeline(catalog: FakeCatalog, options: { start: number; days: number; seed?: number }): FakePlay[] {
  const next = random(options.seed ?? 7);
  const trackIds = [...catalog.tracks.keys()];
  const plays: FakePlay[] = [];
  for (let day = 0; day < options.days; day++) {
    const dayStart = options.start + day * 86_400_000;
    const sessions = 1 + Math.floor(next() * 3);
    for (let s = 0; s < sessions; s++) {
      let at = dayStart + (7 + s * 5 + Math.floor(next() * 4)) * 3_600_000 + Math.floor(next() * 3_600_000);
      const length = 5 + Math.floor(next() * 36);
      let previous: string | null = null;
      for (let i = 0; i < length; i++) {
        const trackId: string = previous && next() < 0.08 ? previous : trackIds[Math.floor(next() * trackIds.length)]!;
        const duration = catalog.tracks.get(trackId)!.durationMs;
        at += next() < 0.15 ? 31_000 + Math.floor(next() * 60_000) : duration;
        plays.push({ trackId, endedAt: at });
        previous = trackId;
      }
    }
  }
  return plays;
}

/** `count` plays back to back ending at or before `end`: a heavy listener's hours. */
export function backToBack(catalog: FakeCatalog, count: number, end: number): FakePlay[] {
  const trackIds = [...catalog.tracks.keys()];
  const plays: FakePlay[] = [];
  let at = end;
  for (let i = count - 1; i >= 0; i--) {
    const trackId = trackIds[i % trackIds.length]!;
    plays.unshift({ trackId, endedAt: at });
    at -= catalog.tracks.get(trackId)!.durationMs;
  }
  return plays;
}

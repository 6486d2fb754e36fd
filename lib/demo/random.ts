/** Small seeded PRNG (mulberry32): the demo and bench histories must be the same on every machine. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min: number, max: number): number => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    /** Index in [0, n) drawn with probability ∝ 1 / (rank + 1)^s: a few favourites, a long tail. */
    zipf: (n: number, s = 1.05): number => {
      const u = next();
      const x = Math.floor(Math.pow(n + 1, Math.pow(u, s)) - 1);
      return Math.min(n - 1, Math.max(0, x));
    },
    weighted: (weights: readonly number[]): number => {
      const total = weights.reduce((sum, w) => sum + w, 0);
      let u = next() * total;
      for (let i = 0; i < weights.length; i++) {
        u -= weights[i]!;
        if (u < 0) return i;
      }
      return weights.length - 1;
    },
  };
}

export type Random = ReturnType<typeof createRandom>;

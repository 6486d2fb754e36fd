/** Cache tags of every cached read. Whatever writes plays revalidates TAGS.plays once. */
export const TAGS = {
  plays: 'plays',
} as const;

/**
 * Lifetime of every stats read (`cacheLife(STATS_CACHE_LIFE)`). A write that reaches the site
 * revalidates TAGS.plays at once; this bounds how long a page can miss a write that does not
 * (an import into Turso from a laptop, a site that was down when the CLI asked it).
 *
 * Worst case, in seconds after such a write, summed over the layers a value passes through:
 * - `revalidate`: the read. Next's in-memory "use cache" handler drops an entry once it is
 *   `revalidate` old, and a render whose result will itself be cached (a prerendered shell)
 *   regenerates such an entry before using it, so no cached page is built from an older read;
 * - `expire`: a cached page (or, with a stale-while-revalidate handler such as `next dev`'s, a
 *   read) is served stale, regenerating in the background, for at most `expire` after it was
 *   made; past that the next request waits for a fresh one;
 * - `stale`: the browser's router reuses a page for at most `stale` without asking the server
 *   (the JSON API's `max-age=60` is within it too).
 * 300 + 540 + 60 = 900 s: every page shows a missed write within 15 minutes. Stats pages read
 * their data at request time (after the URL's period), so with Next's default handler
 * (`next start`) they show it within `revalidate` + `stale`, 6 minutes.
 *
 * Repeat visits stay cached: a read is recomputed at most once per `revalidate` (30–70 ms of
 * database time, behind the static shell, which streams at once). `expire` stays at least
 * 300 s and `stale` at least 30 s, below which Next leaves a read out of prerendering.
 */
export const STATS_CACHE_LIFE = { stale: 60, revalidate: 300, expire: 540 } as const;

/** The longest a page can miss a write that did not revalidate TAGS.plays, in seconds. */
export const STALENESS_BOUND_S = STATS_CACHE_LIFE.revalidate + STATS_CACHE_LIFE.expire + STATS_CACHE_LIFE.stale;

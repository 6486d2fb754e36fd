import 'server-only';
import { revalidateTag } from 'next/cache';
import { TAGS } from './cache-tags';
import { isCronAuthorized } from './cron-auth';
import { getEnv } from './env';
import { warmPagesAfterResponse } from './warm-pages';

/**
 * After plays (or credits, genres, images) change: every stats page is regenerated on its
 * next request. `{ expire: 0 }` makes that very next request fresh rather than stale; so that
 * it need not be a visitor's, the default pages are then rendered once more in the background,
 * from the origin `request` came to (lib/warm-pages.ts).
 * Works only inside Next (route handlers, actions); the CLI asks the site instead
 * (POST /api/cron/revalidate, see lib/cli/site.ts).
 */
export function revalidatePlays(request: Request): void {
  revalidateTag(TAGS.plays, { expire: 0 });
  warmPagesAfterResponse(new URL(request.url).origin);
}

export type RevalidationVerdict = 'ok' | 'unauthorized' | 'throttled';

/** How often a site without CRON_SECRET lets anyone revalidate. */
export const OPEN_REVALIDATION_INTERVAL_MS = 10_000;

/**
 * Who may ask for a revalidation. With CRON_SECRET set, only its bearer. Without it (the demo,
 * a local `next start`), anyone: a local CLI has no secret to send, and a route handler cannot
 * tell a loopback caller from a remote one (it never sees the socket, and X-Forwarded-For is
 * whatever the caller writes); a secret file that `npm run demo` wrote for both sides would
 * cover the demo but not `npm start`. Open is safe because revalidating reads nothing and writes no
 * data: it only makes the next request of each page render uncached, which anyone can already
 * cause by asking for a period nobody asked for before. The throttle keeps the route itself from
 * being that lever in a loop: at most one open revalidation per interval, per server process.
 */
export function createRevalidationGate(intervalMs = OPEN_REVALIDATION_INTERVAL_MS) {
  let lastOpenAt = -Infinity;
  return (authorization: string | null, secret: string | undefined, now: number): RevalidationVerdict => {
    if (secret) return isCronAuthorized(authorization, secret) ? 'ok' : 'unauthorized';
    if (now - lastOpenAt < intervalMs) return 'throttled';
    lastOpenAt = now;
    return 'ok';
  };
}

const siteGate = createRevalidationGate();

/** The site's gate (POST /api/cron/revalidate). */
export function admitRevalidation(authorization: string | null): RevalidationVerdict {
  return siteGate(authorization, getEnv().CRON_SECRET, Date.now());
}

import 'server-only';
import { revalidateTag } from 'next/cache';
import { TAGS } from './cache-tags';

/**
 * After plays (or credits, genres, images) change: every stats page is regenerated on its
 * next request. `{ expire: 0 }` makes that very next request fresh rather than stale.
 * Works only inside Next (route handlers, actions); the CLI asks the site instead
 * (POST /api/cron/revalidate, see lib/cli/ingest.ts).
 */
export function revalidatePlays(): void {
  revalidateTag(TAGS.plays, { expire: 0 });
}

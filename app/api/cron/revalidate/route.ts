import { admitRevalidation, OPEN_REVALIDATION_INTERVAL_MS, revalidatePlays } from '@/lib/revalidate';

const NO_STORE = { 'cache-control': 'no-store' };

/** For the CLIs: a command-line write cannot reach the site's cache, so it asks here (who may: lib/revalidate.ts). */
export async function POST(request: Request) {
  const verdict = admitRevalidation(request.headers.get('authorization'));
  if (verdict === 'unauthorized') return Response.json({ error: 'unauthorized' }, { status: 401 });
  if (verdict === 'throttled') {
    const retryAfter = String(OPEN_REVALIDATION_INTERVAL_MS / 1000);
    return Response.json({ error: 'throttled' }, { status: 429, headers: { ...NO_STORE, 'retry-after': retryAfter } });
  }
  revalidatePlays(request);
  return Response.json({ revalidated: true }, { headers: NO_STORE });
}

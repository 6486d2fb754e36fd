import { isCronAuthorized } from '@/lib/cron-auth';
import { revalidatePlays } from '@/lib/revalidate';

/** For `npm run ingest`: a command-line run cannot reach the site's cache, so it asks here. */
export async function POST(request: Request) {
  if (!isCronAuthorized(request.headers.get('authorization'))) return Response.json({ error: 'unauthorized' }, { status: 401 });
  revalidatePlays();
  return Response.json({ revalidated: true }, { headers: { 'cache-control': 'no-store' } });
}

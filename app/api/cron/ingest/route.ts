import { getDb } from '@/db';
import { isCronAuthorized } from '@/lib/cron-auth';
import { runIngest } from '@/lib/ingest/run';
import { revalidatePlays } from '@/lib/revalidate';

// Vercel's default ceiling; a run budgets 240 s of it.
export const maxDuration = 300;

export async function GET(request: Request) {
  if (!isCronAuthorized(request.headers.get('authorization'))) return Response.json({ error: 'unauthorized' }, { status: 401 });
  const { status, playsFetched, playsInserted, gapDetected, enriched, durationMs } = await runIngest({
    db: getDb(),
    trigger: 'cron',
    onDataChanged: () => revalidatePlays(request),
  });
  const body = { status, playsFetched, playsInserted, gapDetected, enriched, durationMs };
  return Response.json(body, { status: status === 'failed' ? 503 : 200, headers: { 'cache-control': 'no-store' } });
}

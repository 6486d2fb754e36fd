import { getOwnerSession } from '@/lib/auth';
import { importWebBatch } from '@/lib/import/web-import';
import { revalidatePlays } from '@/lib/revalidate';

/** Owner only: one batch of export rows from the /import page (see lib/import/web-batch.ts). */
export async function POST(request: Request) {
  if (!(await getOwnerSession())) return Response.json({ error: 'not found' }, { status: 404 });
  // Only fetch() from the page sends JSON; a cross-site form cannot.
  if (!request.headers.get('content-type')?.startsWith('application/json')) return Response.json({ error: 'send JSON' }, { status: 415 });
  const result = await importWebBatch(await request.json().catch(() => null));
  if (!result.ok) return Response.json({ error: result.error }, { status: result.status });
  revalidatePlays(request);
  return Response.json(result.counts, { headers: { 'cache-control': 'no-store' } });
}

import { getOwnerSession } from '@/lib/auth';
import { importWebBatch } from '@/lib/import/web-import';
import { revalidatePlays } from '@/lib/revalidate';

/** Owner only: one batch of export rows from the /import page (see lib/import/web-batch.ts). */
export async function POST(request: Request) {
  if (!(await getOwnerSession())) return Response.json({ error: 'not found' }, { status: 404 });
  const body: unknown = await request.json().catch(() => null);
  const result = await importWebBatch(body);
  if (!result.ok) return Response.json({ error: result.error }, { status: result.status });
  revalidatePlays();
  return Response.json(result.counts, { headers: { 'cache-control': 'no-store' } });
}

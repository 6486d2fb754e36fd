import 'server-only';
import { getDb } from '@/db';
import { importBatches } from '@/db/import/session';
import { importRules } from './rules';
import { getEnv } from '@/lib/env';
import { addCounts, emptyCounts, type WriteCounts } from './summary';
import { webBatchSchema } from './web-batch';

export type WebImportResult = { ok: true; counts: WriteCounts } | { ok: false; status: 400; error: string };

/**
 * Writes one batch from the /import page in its own transaction. Batches are idempotent
 * (stored streams are recognised, not added again), so a reload or a lost connection is
 * repaired by starting the import again.
 */
export async function importWebBatch(body: unknown): Promise<WebImportResult> {
  const parsed = webBatchSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, status: 400, error: `${issue.path.join('.') || 'body'}: ${issue.message}` };
  }
  const { music, episodes, rows, incognito, unidentified, cover } = parsed.data;
  const written = await importBatches(getDb(), [{ music, episodes, rows, incognito, unidentified }], {
    rules: importRules(getEnv().SITE_TIMEZONE),
    now: Date.now(),
    cover,
  });
  const counts: WriteCounts = { ...emptyCounts() };
  addCounts(counts, written);
  return { ok: true, counts };
}

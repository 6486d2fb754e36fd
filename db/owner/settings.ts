import 'server-only';
import { eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { settings } from '@/db/schema';

/** Small key/value facts about the database itself; null when the key was never set. */
export async function getSetting(db: Database, key: string): Promise<string | null> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).limit(1);
  return row?.value ?? null;
}

export async function putSetting(db: Database, { key, value }: { key: string; value: string }): Promise<void> {
  await db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } });
}

export async function deleteSetting(db: Database, key: string): Promise<void> {
  await db.delete(settings).where(eq(settings.key, key));
}

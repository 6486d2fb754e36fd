import 'server-only';
import type { Database } from '@/db';
import { closeAlert, openAlert } from '@/db/owner/alerts';
import { getEnv } from './env';

/** Incidents the owner is told about. A key stays silent while its incident is open. */
export type AlertKey = 'run_failed' | 'needs_reconnect' | `gap:${number}` | `token_expiry:${number}`;

const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * Posts to ALERT_WEBHOOK_URL once per incident. The body carries both `text` (Slack) and
 * `content` (Discord). A failing webhook is logged, never thrown: alerts must not break a run.
 * Returns whether a message went out.
 */
export async function raiseAlert(db: Database, key: AlertKey, message: string, now = Date.now()): Promise<boolean> {
  if (!(await openAlert(db, key, now))) return false;
  const url = getEnv().ALERT_WEBHOOK_URL;
  const text = `Listening stats: ${message}`;
  if (!url) {
    console.warn(`[alert] ${text} (set ALERT_WEBHOOK_URL to be notified)`);
    return false;
  }
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text, content: text }),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    if (!response.ok) console.error(`[alert] webhook answered ${response.status}`);
    return response.ok;
  } catch (error) {
    console.error(`[alert] webhook failed: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

/** The incident is over: the next occurrence alerts again. */
export async function resolveAlert(db: Database, key: AlertKey, now = Date.now()): Promise<void> {
  await closeAlert(db, key, now);
}

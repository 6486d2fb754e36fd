import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AUTH_SITE_URL, E2E_SECRETS, FAKES_PORT } from '../fakes/e2e-env';
import { expect, test } from './test';

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

test('the ingest route refuses calls without the bearer secret and does no work', async ({ request }) => {
  const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer nope' }, { authorization: E2E_SECRETS.CRON_SECRET }];
  for (const headers of attempts) {
    const response = await request.get(`${AUTH_SITE_URL}/api/cron/ingest`, { headers });
    expect(response.status()).toBe(401);
    expect(await response.json()).toEqual({ error: 'unauthorized' });
  }
  expect((await request.post(`${AUTH_SITE_URL}/api/cron/revalidate`)).status()).toBe(401);
});

test('pages carry the security headers; the CSP lets the login post to the accounts server only', async ({ request }) => {
  const response = await request.get(`${AUTH_SITE_URL}/connect`);
  const headers = response.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).toContain(`form-action 'self' http://127.0.0.1:${FAKES_PORT}`);
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['x-frame-options']).toBe('DENY');
});

test('no secret or token reaches the client bundles', async () => {
  const tokens = (await (await fetch(`http://127.0.0.1:${FAKES_PORT}/__admin/tokens`)).json()) as string[];
  const secrets = [...Object.values(E2E_SECRETS), ...tokens];
  const files = filesUnder('.next/static');
  expect(files.length).toBeGreaterThan(10);
  for (const file of files) {
    const text = readFileSync(file).toString('latin1');
    for (const secret of secrets) expect(text.includes(secret), `${secret} in ${file}`).toBe(false);
  }
});

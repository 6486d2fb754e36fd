import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

export type Timing = { ttfb: number; total: number };

/** One GET: time to the response headers (TTFB) and to the last byte. */
export function timeRequest(url: string): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http
      .get(url, (response) => {
        const ttfb = performance.now() - started;
        response.on('data', () => {});
        response.on('end', () => {
          if (response.statusCode !== 200) reject(new Error(`${url} answered ${response.statusCode}`));
          else resolve({ ttfb, total: performance.now() - started });
        });
      })
      .on('error', reject);
  });
}

/** Empties the site's stats cache, as an ingest with new plays does. */
export function revalidate(base: string, secret: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${base}/api/cron/revalidate`,
      { method: 'POST', headers: { authorization: `Bearer ${secret}` } },
      (response) => {
        response.resume();
        response.on('end', () =>
          response.statusCode === 200 ? resolve() : reject(new Error(`revalidate answered ${response.statusCode}`)),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/**
 * Starts `next start` on the given database; the app must have been built (`npx next build`).
 * `onStdout` gets the server's standard output, line by line (else it is dropped).
 */
export async function startServer(port: number, env: Record<string, string>, onStdout?: (line: string) => void): Promise<ChildProcess> {
  if (!existsSync('.next/BUILD_ID')) throw new Error('No production build: run `npx next build` first (or `npm run build`).');
  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
  const server = spawn(process.execPath, [nextBin, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', onStdout ? 'pipe' : 'ignore', 'inherit'],
  });
  if (onStdout) createInterface({ input: server.stdout! }).on('line', onStdout);
  for (let i = 0; i < 100; i++) {
    try {
      await timeRequest(`http://127.0.0.1:${port}/api/stats/top/tracks?limit=1`);
      return server;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  server.kill();
  throw new Error('next start did not answer within 20 s');
}

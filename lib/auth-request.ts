import type { NextRequest } from 'next/server';

/**
 * A plain Request for the URL the browser asked for. NextRequest rewrites loopback hosts
 * (127.0.0.1, [::1]) to `localhost`; Auth.js would then build a `localhost` redirect URI,
 * which Spotify rejects and on which the session cookie would be lost.
 */
export async function withRequestOrigin(request: NextRequest): Promise<NextRequest> {
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (!host) return request;
  const proto = request.headers.get('x-forwarded-proto') ?? request.nextUrl.protocol.replace(':', '');
  const url = `${proto}://${host}${request.nextUrl.pathname}${request.nextUrl.search}`;
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  const plain = new Request(url, { method: request.method, headers: request.headers, body });
  // Auth.js reads url, method, headers and body; `nextUrl` only if AUTH_URL is set (leave it
  // unset on loopback: it would go through NextRequest and become localhost again).
  return Object.assign(plain, { nextUrl: new URL(url) }) as unknown as NextRequest;
}

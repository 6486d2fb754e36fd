import { createHash } from 'node:crypto';
import { json, type Reply } from './http';
import type { FakeCatalog, FakePlay } from './spotify-catalog';

/** What the fake Spotify answers: routes, faults, and recently-played with its quirks. */
export type Route = 'token' | 'me' | 'recently-played' | 'artists' | 'tracks' | 'oembed';
export type FaultKind = 'rate_limit' | 'quota' | 'server_error' | 'slow' | 'malformed' | 'invalid_grant' | 'network';
export type Fault = { route: Route; kind: FaultKind; times?: number; retryAfterSeconds?: number; delayMs?: number };

export function routeOf(pathname: string): Route | 'authorize' | null {
  if (pathname === '/accounts/authorize') return 'authorize';
  if (pathname === '/accounts/api/token') return 'token';
  if (pathname === '/v1/me') return 'me';
  if (pathname === '/v1/me/player/recently-played') return 'recently-played';
  if (/^\/v1\/artists\/[^/]+$/.test(pathname)) return 'artists';
  if (/^\/v1\/tracks\/[^/]+$/.test(pathname)) return 'tracks';
  if (pathname === '/oembed') return 'oembed';
  return null;
}

/** The reply a fault makes, as Spotify sends it; null for 'slow' (the real answer, late). */
export function faultReply(fault: Fault): Reply | null {
  switch (fault.kind) {
    case 'rate_limit':
      return json(
        429,
        { error: { status: 429, message: 'API rate limit exceeded' } },
        { 'retry-after': String(fault.retryAfterSeconds ?? 1) },
      );
    case 'quota':
      return json(
        429,
        { error: { status: 429, message: 'Too many requests', reason: 'QUOTA_EXCEEDED' } },
        { 'retry-after': String(fault.retryAfterSeconds ?? 13 * 3600) },
      );
    case 'server_error':
      return json(500, { error: { status: 500, message: 'Server error' } });
    case 'malformed':
      return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"items": [{"track": {"id": ' };
    case 'invalid_grant':
      return json(400, { error: 'invalid_grant', error_description: 'Refresh token revoked' });
    case 'network':
      return { status: 0, destroy: true };
    case 'slow':
      return null;
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A stable pseudo-random order key: out-of-order items, the same order on every request. */
function scramble(text: string): number {
  return createHash('md5').update(text).digest().readUInt32BE(0);
}

export type RecentlyPlayedOptions = { now: number; limit: number; duplicateReports: boolean; outOfOrder: boolean; href: string };

/** The last (at most 50) plays that have ended by `now`, newest first — with quirks if asked. */
export function recentlyPlayedJson(catalog: FakeCatalog, plays: readonly FakePlay[], options: RecentlyPlayedOptions) {
  const visible = plays
    .filter((p) => p.endedAt <= options.now)
    .sort((a, b) => b.endedAt - a.endedAt)
    .slice(0, Math.min(options.limit, 50));
  let items = visible.map((p) => ({
    track: catalog.trackJson(p.trackId),
    played_at: new Date(p.endedAt).toISOString(),
    context: p.contextUri ? { type: 'playlist', uri: p.contextUri, href: '', external_urls: {} } : null,
  }));
  if (options.duplicateReports) {
    items = items
      .flatMap((item) => [item, { ...item, played_at: new Date(Date.parse(item.played_at) + 2_000).toISOString() }])
      .slice(0, 50);
  }
  if (options.outOfOrder) items = [...items].sort((a, b) => scramble(a.played_at) - scramble(b.played_at));
  return {
    items,
    next: null,
    cursors: items.length ? { after: String(visible[0]!.endedAt), before: String(visible.at(-1)!.endedAt) } : null,
    limit: options.limit,
    href: options.href,
  };
}

import { getEnv } from './env';

/** Origin of a URL, for CSP source lists. */
function originOf(url: string): string {
  return new URL(url).origin;
}

/**
 * Sent on every response. Next inlines its bootstrap scripts, so scripts need 'unsafe-inline'
 * without per-request nonces (which would make every page dynamic and uncacheable).
 */
function contentSecurityPolicy(development: boolean): string {
  // The Spotify login starts with a form post that redirects to the accounts server; form-action
  // also governs that redirect. Read at build time: next.config headers are fixed by `next build`.
  const accounts = originOf(getEnv().SPOTIFY_ACCOUNTS_URL);
  return [
    "default-src 'self'",
    // React's development build evaluates code for its error overlays.
    development ? "script-src 'self' 'unsafe-inline' 'unsafe-eval'" : "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https://i.scdn.co https://*.spotifycdn.com",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    `form-action 'self' ${accounts}`,
    "object-src 'none'",
  ].join('; ');
}

export function securityHeaders(development: boolean) {
  return [
    { key: 'Content-Security-Policy', value: contentSecurityPolicy(development) },
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  ];
}

/**
 * Sent on every response. Next inlines its bootstrap scripts, so scripts need 'unsafe-inline'
 * without per-request nonces (which would make every page dynamic and uncacheable).
 */
function contentSecurityPolicy(development: boolean): string {
  return [
  "default-src 'self'",
  // React's development build evaluates code for its error overlays.
  development ? "script-src 'self' 'unsafe-inline' 'unsafe-eval'" : "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https://i.scdn.co",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self' https://accounts.spotify.com",
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

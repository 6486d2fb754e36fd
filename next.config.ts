import type { NextConfig } from 'next';
import { securityHeaders } from './lib/security-headers';

const nextConfig: NextConfig = {
  cacheComponents: true,
  partialPrefetching: true,
  poweredByHeader: false,
  images: {
    remotePatterns: [
      { protocol: 'https', hostname: 'i.scdn.co' },
      // oEmbed thumbnails (lib/spotify/oembed.ts): image-cdn-ak, image-cdn-fa, …
      { protocol: 'https', hostname: '*.spotifycdn.com' },
    ],
  },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders(process.env.NODE_ENV === 'development') }];
  },
};

export default nextConfig;

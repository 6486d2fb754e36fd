import { describe, expect, it } from 'vitest';
import { isSpotifyArtworkUrl } from '@/lib/spotify/oembed';

describe('oEmbed thumbnails', () => {
  it('are kept only from Spotify’s image hosts, over https', () => {
    expect(isSpotifyArtworkUrl('https://i.scdn.co/image/ab67616d00001e02ff9ca10b55ce82ae553c8228')).toBe(true);
    expect(isSpotifyArtworkUrl('https://image-cdn-ak.spotifycdn.com/image/ab67616d00001e02ff9ca10b55ce82ae553c8228')).toBe(true);
    for (const url of [
      'http://i.scdn.co/image/x',
      'https://i.scdn.co.evil.example/image/x',
      'https://spotifycdn.com.evil.example/x',
      'https://evil.example/?https://i.scdn.co/',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isSpotifyArtworkUrl(url)).toBe(false);
    }
  });
});

/** The fake Spotify's music: tracks, albums and artists, and the JSON Spotify gives for them. */
export type FakeArtist = { id: string; name: string; imageUrl?: string; genres?: string[] };
export type FakeTrack = {
  id: string;
  name: string;
  durationMs: number;
  artistIds: string[];
  album: { id: string; name: string; artistId: string; imageUrl?: string };
};
export type FakePlay = { trackId: string; endedAt: number; contextUri?: string };

export class FakeCatalog {
  readonly artists = new Map<string, FakeArtist>();
  readonly tracks = new Map<string, FakeTrack>();

  addArtist(artist: FakeArtist): FakeArtist {
    this.artists.set(artist.id, artist);
    return artist;
  }

  addTrack(track: FakeTrack): FakeTrack {
    this.tracks.set(track.id, track);
    return track;
  }

  private simpleArtist(id: string) {
    const artist = this.artists.get(id);
    if (!artist) throw new Error(`fake catalog: no artist ${id}`);
    return {
      id,
      name: artist.name,
      type: 'artist',
      uri: `spotify:artist:${id}`,
      external_urls: { spotify: `https://open.spotify.com/artist/${id}` },
    };
  }

  /** A full track object as recently-played and /tracks/{id} return it (Development Mode fields). */
  trackJson(id: string) {
    const track = this.tracks.get(id);
    if (!track) return null;
    return {
      id,
      name: track.name,
      type: 'track',
      uri: `spotify:track:${id}`,
      duration_ms: track.durationMs,
      explicit: false,
      is_local: false,
      artists: track.artistIds.map((artistId) => this.simpleArtist(artistId)),
      album: {
        id: track.album.id,
        name: track.album.name,
        album_type: 'album',
        release_date: '2024-03-01',
        images: track.album.imageUrl ? [{ url: track.album.imageUrl, width: 300, height: 300 }] : [],
        artists: [this.simpleArtist(track.album.artistId)],
      },
      external_ids: { isrc: `FAKE${id.slice(0, 8)}` },
    };
  }

  /** A row of the extended streaming history for a play of this track, every field as an export has it. */
  exportRow(trackId: string, endedAt: number, msPlayed = 180_000) {
    const track = this.tracks.get(trackId);
    if (!track) throw new Error(`fake catalog: no track ${trackId}`);
    return {
      ts: new Date(endedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      platform: 'android',
      ms_played: msPlayed,
      conn_country: 'DE',
      master_metadata_track_name: track.name,
      master_metadata_album_artist_name: this.artists.get(track.album.artistId)!.name,
      master_metadata_album_album_name: track.album.name,
      spotify_track_uri: `spotify:track:${trackId}`,
      reason_start: 'trackdone',
      reason_end: 'trackdone',
      shuffle: false,
      skipped: false,
      offline: false,
      offline_timestamp: 0,
      incognito_mode: false,
    };
  }

  /** GET /artists/{id}: no popularity or followers; genres absent unless the artist has some. */
  artistJson(id: string) {
    const artist = this.artists.get(id);
    if (!artist) return null;
    return {
      ...this.simpleArtist(id),
      images: artist.imageUrl ? [{ url: artist.imageUrl, width: 320, height: 320 }] : [],
      ...(artist.genres ? { genres: artist.genres } : {}),
    };
  }
  /**
   * What Spotify's oEmbed answers for an open.spotify.com page (developer.spotify.com ›
   * embeds › reference › oembed): a track's thumbnail is its album's cover. Null: 404.
   */
  oEmbedJson(page: string) {
    const match = /^https:\/\/open\.spotify\.com\/(track|artist|album)\/([0-9A-Za-z]+)$/.exec(page);
    if (!match) return null;
    const [, kind, id] = match as unknown as [string, 'track' | 'artist' | 'album', string];
    const track = kind === 'track' ? this.tracks.get(id) : [...this.tracks.values()].find((t) => t.album.id === id);
    const artist = kind === 'artist' ? this.artists.get(id) : undefined;
    if (kind === 'artist' ? !artist : !track) return null;
    const title = kind === 'artist' ? artist!.name : kind === 'track' ? track!.name : track!.album.name;
    const thumbnail = kind === 'artist' ? artist!.imageUrl : track!.album.imageUrl;
    return {
      html: `<iframe style="border-radius: 12px" width="100%" height="352" title="Spotify Embed: ${title}" frameborder="0" allowfullscreen src="https://open.spotify.com/embed/${kind}/${id}?utm_source=oembed"></iframe>`,
      iframe_url: `https://open.spotify.com/embed/${kind}/${id}?utm_source=oembed`,
      width: 456,
      height: 352,
      version: '1.0',
      provider_name: 'Spotify',
      provider_url: 'https://spotify.com',
      type: 'rich',
      title,
      ...(thumbnail ? { thumbnail_url: thumbnail, thumbnail_width: 300, thumbnail_height: 300 } : {}),
    };
  }
}

/** A catalogue of `artists` artists with `tracksPerArtist` tracks each, some with a featured artist. */
export function buildCatalog(artists: number, tracksPerArtist: number): FakeCatalog {
  const catalog = new FakeCatalog();
  for (let a = 0; a < artists; a++) {
    catalog.addArtist({ id: `artist${String(a).padStart(18, '0')}`, name: `Artist ${a}`, imageUrl: `https://i.scdn.co/image/artist-${a}` });
  }
  const ids = [...catalog.artists.keys()];
  for (let a = 0; a < artists; a++) {
    for (let t = 0; t < tracksPerArtist; t++) {
      const featured = t % 4 === 3 ? [ids[(a + 1) % artists]!] : [];
      catalog.addTrack({
        id: `track${String(a * 1000 + t).padStart(17, '0')}`,
        name: `Song ${a}.${t}`,
        durationMs: 150_000 + ((a * 7 + t * 13) % 20) * 6_000,
        artistIds: [ids[a]!, ...featured],
        album: {
          id: `album${String(a * 10 + (t % 2)).padStart(17, '0')}`,
          name: `Album ${a}.${t % 2}`,
          artistId: ids[a]!,
          imageUrl: `https://i.scdn.co/image/album-${a}-${t % 2}`,
        },
      });
    }
  }
  return catalog;
}

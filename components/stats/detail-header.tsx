import Link from 'next/link';
import type { AlbumInfo, ArtistInfo, ArtistRef, GenreInfo, TrackInfo } from '@/db/stats/types';
import { ArtistNames } from './artist-names';
import { Artwork } from './artwork';

/** Any kind's info: each kind fills the fields it has. */
export type DetailInfo = Pick<TrackInfo, 'id' | 'name'> & Partial<TrackInfo & ArtistInfo & AlbumInfo & GenreInfo>;

const KIND_NAMES = { track: 'Track', artist: 'Artist', album: 'Album', genre: 'Genre' } as const;

export function DetailHeader({ kind, info, query }: { kind: keyof typeof KIND_NAMES; info: DetailInfo; query: string }) {
  const artists: ArtistRef[] = info.artists ?? (info.artistId ? [{ id: info.artistId, name: info.artistName ?? '' }] : []);
  const genres = info.genres ?? [];
  return (
    <header className="flex items-center gap-5 pt-6">
      {kind !== 'genre' && <Artwork src={info.imageUrl ?? null} name={info.name} size={112} round={kind === 'artist'} />}
      <div className="min-w-0">
        <p className="text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">{KIND_NAMES[kind]}</p>
        <h1 className="name text-3xl font-bold tracking-tight sm:text-4xl" data-testid="detail-name">
          {info.name}
        </h1>
        {artists.length > 0 && (
          <p className="mt-1 text-zinc-700 dark:text-zinc-300">
            <ArtistNames artists={artists} query={query} />
            {info.albumId && (
              <>
                {' · '}
                <Link href={`/albums/${info.albumId}${query}`} className="name hover:underline">
                  {info.albumName}
                </Link>
              </>
            )}
          </p>
        )}
        {genres.length > 0 && (
          <ul className="mt-2 flex flex-wrap gap-1.5" aria-label="Genres">
            {genres.map((genre) => (
              <li key={genre.slug}>
                <Link
                  href={`/genres/${encodeURIComponent(genre.slug)}${query}`}
                  className="rounded-full bg-zinc-200 px-2.5 py-0.5 text-xs hover:bg-zinc-300 dark:bg-zinc-800 dark:hover:bg-zinc-700"
                >
                  {genre.name}
                </Link>
              </li>
            ))}
          </ul>
        )}
        {info.spotifyId && (
          <a
            href={`https://open.spotify.com/${kind}/${info.spotifyId}`}
            className="text-accent-strong dark:text-accent mt-2 inline-block text-sm font-medium hover:underline"
            rel="noopener noreferrer"
            target="_blank"
          >
            Open in Spotify
          </a>
        )}
      </div>
    </header>
  );
}

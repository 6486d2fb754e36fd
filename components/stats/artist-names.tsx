import Link from 'next/link';
import type { ArtistRef } from '@/db/stats/types';

/** "A, B & C" with each artist linked. */
export function ArtistNames({ artists, query }: { artists: ArtistRef[]; query: string }) {
  return (
    <>
      {artists.map((artist, i) => (
        <span key={artist.id}>
          {i > 0 && (i === artists.length - 1 ? ' & ' : ', ')}
          <Link href={`/artists/${artist.id}${query}`} className="name hover:underline">
            {artist.name}
          </Link>
        </span>
      ))}
    </>
  );
}

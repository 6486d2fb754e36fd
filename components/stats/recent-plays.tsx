import Link from 'next/link';
import type { RecentPlay } from '@/db/stats/types';
import { formatDateTime, formatTrackLength } from '@/lib/format';
import { ArtistNames } from './artist-names';
import { Artwork } from './artwork';

/** Plays newest first, with when they ended, how long they ran and whether they were skips. */
export function RecentPlays({ plays, timeZone, query }: { plays: RecentPlay[]; timeZone: string; query: string }) {
  return (
    <ol className="flex flex-col gap-1" data-testid="plays-list">
      {plays.map((play) => (
        <li
          key={play.id}
          className="flex items-center gap-3 rounded-lg bg-white px-2 py-1.5 text-sm dark:bg-zinc-900"
          data-testid="play-row"
        >
          <Artwork src={play.imageUrl} name={play.trackName} size={36} />
          <div className="min-w-0 flex-1">
            <Link href={`/tracks/${play.trackId}${query}`} className="name font-medium hover:underline">
              {play.trackName}
            </Link>
            <div className="truncate text-xs text-zinc-600 dark:text-zinc-400">
              <ArtistNames artists={play.artists} query={query} />
            </div>
          </div>
          {!play.counted && (
            <span className="rounded bg-zinc-200 px-1.5 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">skip</span>
          )}
          <div className="text-right text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
            <time dateTime={new Date(play.endedAt).toISOString()}>{formatDateTime(play.endedAt, timeZone)}</time>
            <div>{formatTrackLength(play.msPlayed)}</div>
          </div>
        </li>
      ))}
    </ol>
  );
}

import type { ResultSet } from '@libsql/client';
import { toObjects } from '@/db/sql';
import { param, sql, type Sql } from './fragment';
import { artistsJson } from './ranked';
import type { RecentPlay } from './types';

/** Instants bounding a local-day range, for queries that walk plays in time order. */
export type InstantRange = { fromMs: number; toMs: number };

type RawPlayRow = Omit<RecentPlay, 'artists' | 'album' | 'counted'> & {
  counted: number;
  albumId: number | null;
  albumName: string | null;
  artists: string;
};

export type PlaysPageArgs = { range: InstantRange; limit: number; offset: number; countedOnly: boolean };

/** Plays newest first between two instants; `countedOnly` leaves skips out. */
export function playsPageStatement({ range, limit, offset, countedOnly }: PlaysPageArgs): Sql {
  return sql`SELECT p.id, p.ended_at AS endedAt, p.ms_played AS msPlayed, p.counted, p.source,
        t.id AS trackId, t.name AS trackName, al.id AS albumId, al.name AS albumName, al.image_url AS imageUrl,
        ${artistsJson('t.id')} AS artists
      FROM plays p JOIN tracks t ON t.id = p.track_id LEFT JOIN albums al ON al.id = t.album_id
      WHERE p.ended_at >= ${param('fromMs', range.fromMs)} AND p.ended_at < ${param('toMs', range.toMs)}${countedOnly ? ' AND p.counted = 1' : ''}
      ORDER BY p.ended_at DESC, p.id DESC LIMIT ${param('limit', limit)} OFFSET ${param('offset', offset)}`;
}

export function toRecentPlays(result: ResultSet): RecentPlay[] {
  return toObjects<RawPlayRow>(result).map(({ albumId, albumName, artists, counted, ...row }) => ({
    ...row,
    counted: counted === 1,
    album: albumId ? { id: albumId, name: albumName ?? '' } : null,
    artists: JSON.parse(artists) as RecentPlay['artists'],
  }));
}

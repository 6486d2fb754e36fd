import 'server-only';
import type { InStatement } from '@libsql/client';
import type { Database } from '@/db';
import type { Metric } from '@/lib/range';
import { toObjects, type SqlRow } from '@/db/sql';
import { ARTISTS_JSON, scopeFilter, type Scope, type StatsFilter, type TopKind } from './fragments';
import type { DayCount, RangeSums, TopList } from './types';
import { selectTotalsAndLists } from './totals-and-lists';
import { daysStatement, toDays } from './totals';

export type Lifetime = { plays: number; msPlayed: number; firstEndedAt: number | null; lastEndedAt: number | null };

export type ScopeDetail<Info> = {
  info: Info;
  lifetime: Lifetime;
  totals: RangeSums;
  days: DayCount[];
  lists: Partial<Record<TopKind, TopList>>;
};

const INFO_SQL: Record<Scope['kind'], string> = {
  track: `SELECT t.id, t.name, t.spotify_id AS spotifyId, t.duration_ms AS durationMs,
      al.id AS albumId, al.name AS albumName, al.image_url AS imageUrl, ${ARTISTS_JSON('t.id')} AS artists
    FROM tracks t LEFT JOIN albums al ON al.id = t.album_id WHERE t.id = :scopeId`,
  artist: `SELECT a.id, a.name, a.spotify_id AS spotifyId, a.image_url AS imageUrl,
      (SELECT json_group_array(json_object('slug', g.slug, 'name', g.name) ORDER BY ag.weight DESC, g.name)
       FROM artist_genres ag JOIN genres g ON g.id = ag.genre_id WHERE ag.artist_id = a.id) AS genres
    FROM artists a WHERE a.id = :scopeId`,
  album: `SELECT al.id, al.name, al.spotify_id AS spotifyId, al.image_url AS imageUrl, al.release_date AS releaseDate,
      ar.id AS artistId, ar.name AS artistName
    FROM albums al LEFT JOIN artists ar ON ar.id = al.artist_id WHERE al.id = :scopeId`,
  genre: `SELECT g.id, g.name, g.slug,
      (SELECT count(*) FROM artist_genres ag WHERE ag.genre_id = g.id) AS artistCount
    FROM genres g WHERE g.id = :scopeId`,
};

function lifetimeStatement(scope: Scope): InStatement {
  return {
    sql: `SELECT coalesce(sum(plays), 0) AS plays, coalesce(sum(ms_played), 0) AS msPlayed,
        min(first_ended_at) AS firstEndedAt, max(last_ended_at) AS lastEndedAt
      FROM track_stats WHERE plays > 0${scopeFilter(scope, 'track_id')}`,
    args: { scopeId: scope.id },
  };
}

export type ScopeDetailArgs = StatsFilter & { scope: Scope; by: Metric; lists: TopKind[]; limit: number };

/** An item's page: what it is, its all-time and in-range numbers, and its own top lists. */
export async function selectScopeDetail<Info extends SqlRow>(db: Database, args: ScopeDetailArgs): Promise<ScopeDetail<Info> | null> {
  const { totals, lists, tail } = await selectTotalsAndLists(db, { ...args, kinds: args.lists }, false, [
    { sql: INFO_SQL[args.scope.kind], args: { scopeId: args.scope.id } },
    lifetimeStatement(args.scope),
    daysStatement(args),
  ]);
  const [infoResult, lifetimeResult, daysResult] = tail;
  const info = toObjects<Info>(infoResult!)[0];
  if (!info) return null;
  return {
    info,
    lifetime: toObjects<Lifetime>(lifetimeResult!)[0]!,
    totals,
    days: toDays(daysResult!),
    lists,
  };
}

export async function selectGenreIdBySlug(db: Database, slug: string): Promise<number | null> {
  const [row] = toObjects<{ id: number }>(await db.$client.execute({ sql: 'SELECT id FROM genres WHERE slug = ?', args: [slug] }));
  return row?.id ?? null;
}

export type LibrarySummary = { plays: number; skips: number; firstDay: string | null; lastDay: string | null };

/** Whether there is anything at all to show, and the span of the history. */
export async function selectLibrarySummary(db: Database): Promise<LibrarySummary> {
  const [row] = toObjects<LibrarySummary>(
    await db.$client.execute(`SELECT coalesce(sum(plays), 0) AS plays, coalesce(sum(skips), 0) AS skips,
      min(CASE WHEN plays > 0 THEN local_day END) AS firstDay, max(CASE WHEN plays > 0 THEN local_day END) AS lastDay
      FROM day_stats`),
  );
  return row!;
}

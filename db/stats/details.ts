import 'server-only';
import type { ResultSet } from '@libsql/client';
import type { Database } from '@/db';
import { toObjects, type SqlRow } from '@/db/sql';
import type { Granularity, Metric, Scope, ScopeKind, TopKind } from '@/lib/stats-kinds';
import { daysStatement, toDays } from './days';
import { sql, type Sql } from './fragment';
import { scopeFilter, scopeId, type StatsFilter } from './filters';
import { artistsJson } from './ranked';
import { selectTotalsAndLists } from './totals-and-lists';
import type { DayCount, RangeSums, ScopeInfo, TopList } from './types';

export type Lifetime = { plays: number; msPlayed: number; firstEndedAt: number | null; lastEndedAt: number | null };

export type ScopeDetail<Info> = {
  info: Info;
  lifetime: Lifetime;
  totals: RangeSums;
  days: DayCount[];
  lists: Partial<Record<TopKind, TopList>>;
};

const INFO_SQL: Record<ScopeKind, (id: Sql) => Sql> = {
  track: (id) => sql`SELECT t.id, t.name, t.spotify_id AS spotifyId, t.duration_ms AS durationMs,
      al.id AS albumId, al.name AS albumName, al.image_url AS imageUrl, ${artistsJson('t.id')} AS artists
    FROM tracks t LEFT JOIN albums al ON al.id = t.album_id WHERE t.id = ${id}`,
  artist: (id) => sql`SELECT a.id, a.name, a.spotify_id AS spotifyId, a.image_url AS imageUrl,
      (SELECT json_group_array(json_object('slug', g.slug, 'name', g.name) ORDER BY ag.weight DESC, g.name)
       FROM artist_genres ag JOIN genres g ON g.id = ag.genre_id WHERE ag.artist_id = a.id) AS genres
    FROM artists a WHERE a.id = ${id}`,
  album: (id) => sql`SELECT al.id, al.name, al.spotify_id AS spotifyId, al.image_url AS imageUrl, al.release_date AS releaseDate,
      ar.id AS artistId, ar.name AS artistName
    FROM albums al LEFT JOIN artists ar ON ar.id = al.artist_id WHERE al.id = ${id}`,
  genre: (id) => sql`SELECT g.id, g.name, g.slug,
      (SELECT count(*) FROM artist_genres ag WHERE ag.genre_id = g.id) AS artistCount
    FROM genres g WHERE g.id = ${id}`,
};

/** Info columns that SQL answers as JSON text: parsed here, so that pages get plain values. */
const JSON_COLUMNS = ['artists', 'genres'];

function toInfo<K extends ScopeKind>(result: ResultSet): ScopeInfo[K] | undefined {
  const row = toObjects<SqlRow>(result)[0];
  if (!row) return undefined;
  for (const column of JSON_COLUMNS) {
    if (typeof row[column] === 'string') row[column] = JSON.parse(row[column]);
  }
  return row as ScopeInfo[K];
}

function lifetimeStatement(scope: Scope): Sql {
  return sql`SELECT coalesce(sum(plays), 0) AS plays, coalesce(sum(ms_played), 0) AS msPlayed,
        min(first_ended_at) AS firstEndedAt, max(last_ended_at) AS lastEndedAt
      FROM track_stats WHERE plays > 0${scopeFilter(scope, 'track_id')}`;
}

export type ScopeDetailArgs<K extends ScopeKind = ScopeKind> = StatsFilter & {
  scope: { kind: K; id: number };
  by: Metric;
  lists: readonly TopKind[];
  limit: number;
  /** How the page charts the range (lib/ decides). */
  granularity: Granularity;
};

/** An item's page: what it is, its all-time and in-range numbers, and its own top lists. */
export async function selectScopeDetail<K extends ScopeKind>(
  db: Database,
  args: ScopeDetailArgs<K>,
): Promise<ScopeDetail<ScopeInfo[K]> | null> {
  const { totals, lists, tail } = await selectTotalsAndLists(db, {
    ...args,
    kinds: args.lists,
    counts: false,
    tail: [INFO_SQL[args.scope.kind](scopeId(args.scope)), lifetimeStatement(args.scope), daysStatement(args)],
  });
  const [infoResult, lifetimeResult, daysResult] = tail;
  const info = toInfo<K>(infoResult!);
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

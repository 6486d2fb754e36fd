/**
 * Golden files of the SQL the stats pages send (tests/golden/sql/<case>.sql), of its query
 * plans on a seeded database (tests/golden/plans/<case>.txt) and of the migrated schema
 * (db/schema.sql), so that a change to a builder, an index or a trigger shows up as a diff.
 *
 * A difference fails the test with that diff. When it is intended, rewrite the files and
 * commit them with the change:
 *
 *   npx vitest run tests/unit/golden-sql.test.ts -u
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db';
import { selectGenreIdBySlug, selectLibrarySummary, selectScopeDetail } from '@/db/stats/details';
import { selectHistoryPage } from '@/db/stats/history';
import { selectOverview } from '@/db/stats/overview';
import { readRows } from '@/db/sql';
import { selectTopList } from '@/db/stats/totals-and-lists';
import { insertCatalog, insertGeneratedPlays } from '@/db/import/seed';
import { generateHistory } from '@/lib/demo/generate';
import { parseStatsQuery, toRangeKey } from '@/lib/range';
import type { Metric, ScopeKind, TopKind } from '@/lib/stats-kinds';
import { addDays, localDayStartMs } from '@/lib/time';
import { openTestDatabase, type TestDatabase } from '@/tests/helpers/database';
import { formatPlans, formatStatements, recordSql } from '@/tests/helpers/record-sql';

const TODAY = '2025-03-20';
const TIME_ZONE = 'Europe/Berlin';
/** Where the golden files live; toMatchFileSnapshot takes paths relative to this test file. */
const GOLDEN = '../../golden';

let test: TestDatabase;
let lastDay: string | null;
/** The most played track, artist and album, and the slug of the most played genre: the heaviest detail pages. */
let busiest: { track: number; artist: number; album: number; slug: string };

beforeAll(async () => {
  test = await openTestDatabase();
  const { catalog, plays } = generateHistory({
    seed: 12,
    plays: 6_000,
    tracks: 400,
    artists: 80,
    endDay: TODAY,
    days: 800,
    timeZone: TIME_ZONE,
  });
  await insertCatalog(test.db, catalog);
  await insertGeneratedPlays(test.db, plays);
  ({ lastDay } = await selectLibrarySummary(test.db));
  const [row] = await readRows<typeof busiest>(
    test.db,
    `SELECT (SELECT track_id FROM track_stats ORDER BY plays DESC, track_id LIMIT 1) AS track,
      (SELECT id FROM artist_stats ORDER BY plays DESC, id LIMIT 1) AS artist,
      (SELECT id FROM album_stats ORDER BY plays DESC, id LIMIT 1) AS album,
      (SELECT slug FROM genres WHERE id = (SELECT id FROM genre_stats ORDER BY plays DESC, id LIMIT 1)) AS slug`,
  );
  busiest = row!;
});

afterAll(() => test.close());

type RangeKey = '4w' | '1y' | 'all';

/** A range as the pages key their reads (lib/range.ts toRangeKey, lib/stats.ts instants). */
function rangeOf(key: RangeKey) {
  const parsed = parseStatsQuery({ range: key }, TODAY);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const { fromDay, toDay } = parsed.value.range;
  const filter = toRangeKey(parsed.value.range, lastDay);
  return { filter, instants: { fromMs: localDayStartMs(fromDay, TIME_ZONE), toMs: localDayStartMs(addDays(toDay, 1), TIME_ZONE) } };
}

/** The lists each detail page shows (components/stats/detail-page.tsx). */
const DETAIL_LISTS: Record<ScopeKind, TopKind[]> = {
  track: [],
  artist: ['tracks', 'albums'],
  album: ['tracks'],
  genre: ['artists', 'tracks'],
};

function overview(key: RangeKey) {
  return (db: Database) => {
    const { filter, instants } = rangeOf(key);
    return selectOverview(db, { ...filter, ...instants, by: 'plays', topLimit: 5, recentLimit: 10 });
  };
}

function topList(kind: TopKind, key: RangeKey, by: Metric = 'plays') {
  return (db: Database) => selectTopList(db, { ...rangeOf(key).filter, kind, by, limit: 50, offset: 0 });
}

function detail(kind: ScopeKind, key: RangeKey) {
  return async (db: Database) => {
    const id = kind === 'genre' ? await selectGenreIdBySlug(db, busiest.slug) : busiest[kind];
    return selectScopeDetail(db, { ...rangeOf(key).filter, scope: { kind, id: id! }, by: 'plays', lists: DETAIL_LISTS[kind], limit: 10 });
  };
}

type Case = { name: string; title: string; read: (db: Database) => Promise<unknown> };

const CASES: Case[] = [
  { name: 'library-summary', title: 'Every page: selectLibrarySummary', read: (db) => selectLibrarySummary(db) },
  { name: 'overview-4w', title: '/ : selectOverview, last 4 weeks', read: overview('4w') },
  { name: 'overview-1y', title: '/?range=1y : selectOverview, last 12 months', read: overview('1y') },
  { name: 'overview-all', title: '/?range=all : selectOverview, all time', read: overview('all') },
  { name: 'top-tracks-4w', title: '/tracks : selectTopList, last 4 weeks', read: topList('tracks', '4w') },
  { name: 'top-artists-1y', title: '/artists?range=1y : selectTopList, last 12 months', read: topList('artists', '1y') },
  { name: 'top-albums-all', title: '/albums?range=all : selectTopList, all time', read: topList('albums', 'all') },
  { name: 'top-genres-4w', title: '/genres : selectTopList, last 4 weeks', read: topList('genres', '4w') },
  {
    name: 'top-tracks-all-minutes',
    title: '/tracks?range=all&by=minutes : selectTopList, all time by minutes',
    read: topList('tracks', 'all', 'minutes'),
  },
  { name: 'track-detail-all', title: '/tracks/<busiest>?range=all : selectScopeDetail', read: detail('track', 'all') },
  { name: 'artist-detail-4w', title: '/artists/<busiest> : selectScopeDetail, last 4 weeks', read: detail('artist', '4w') },
  { name: 'album-detail-1y', title: '/albums/<busiest>?range=1y : selectScopeDetail', read: detail('album', '1y') },
  { name: 'genre-detail-all', title: '/genres/<busiest>?range=all : selectGenreIdBySlug, selectScopeDetail', read: detail('genre', 'all') },
  {
    name: 'history-4w',
    title: '/history : selectHistoryPage, page 1 of the last 4 weeks',
    read: (db) => {
      const { filter, instants } = rangeOf('4w');
      return selectHistoryPage(db, { ...instants, days: { fromDay: filter.fromDay, toDay: filter.toDay }, limit: 50, offset: 0 });
    },
  },
];

const TITLE_SUFFIX = `(generated history, seed 12, 6 000 plays; today ${TODAY} in ${TIME_ZONE})`;

describe('the statements of each page read, and their plans', () => {
  it.each(CASES)('$name', async ({ name, title, read }) => {
    const recorder = recordSql(test.db);
    await read(recorder.db);
    expect(recorder.statements.length).toBeGreaterThan(0);
    // Soft, so that one run shows the diff of the statements and the plans both.
    await expect
      .soft(formatStatements(`${title} ${TITLE_SUFFIX}`, recorder.statements))
      .toMatchFileSnapshot(`${GOLDEN}/sql/${name}.sql`, `tests/golden/sql/${name}.sql`);
    await expect
      .soft(await formatPlans(test.db, `${title} ${TITLE_SUFFIX}`, recorder.statements))
      .toMatchFileSnapshot(`${GOLDEN}/plans/${name}.txt`, `tests/golden/plans/${name}.txt`);
  });

  it('has no golden file left over from a removed case', () => {
    const names = CASES.map((c) => c.name).sort();
    for (const [folder, extension] of [
      ['sql', '.sql'],
      ['plans', '.txt'],
    ] as const) {
      const files = readdirSync(fileURLToPath(new URL(`${GOLDEN}/${folder}`, import.meta.url)))
        .map((file) => file.replace(extension, ''))
        .sort();
      expect(files, `tests/golden/${folder}/ should hold exactly one file per case`).toEqual(names);
    }
  });
});

const SCHEMA_HEADER = `-- The schema as SQLite holds it after every migration in drizzle/: tables, then indexes, then
-- triggers, each group by table and name. Generated by tests/unit/golden-sql.test.ts, which
-- fails when a migration changes it; rewrite with: npx vitest run tests/unit/golden-sql.test.ts -u
`;

describe('db/schema.sql', () => {
  it('is the schema of a freshly migrated database', async () => {
    const fresh = await openTestDatabase();
    try {
      const rows = await readRows<{ type: string; name: string; sql: string }>(
        fresh.db,
        `SELECT type, name, tbl_name, sql FROM sqlite_master
          WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'
          ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'view' THEN 1 WHEN 'index' THEN 2 ELSE 3 END,
            CASE type WHEN 'table' THEN name ELSE tbl_name END, name`,
      );
      const blocks = rows.map((row) => `-- ${row.type} ${row.name}\n${row.sql.replace(/[ \t]+$/gm, '')};`);
      await expect(`${SCHEMA_HEADER}\n${blocks.join('\n\n')}\n`).toMatchFileSnapshot('../../../db/schema.sql', 'db/schema.sql');
    } finally {
      fresh.close();
    }
  });
});

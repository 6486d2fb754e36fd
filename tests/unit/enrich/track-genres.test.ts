import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRows } from '@/db/sql';
import { openTestDatabase, recomputeGenreMonths, selectGenreMonths, type TestDatabase } from '@/tests/helpers/database';
import { LibraryBuilder } from '@/tests/helpers/library-builder';

/*
 * track_genres is kept by triggers (drizzle/0006). Duet is by X (Rock) and Y (Rock, Pop);
 * Solo is by Z (Pop). Every write below goes through plain SQL, as enrichment and merges do.
 */
let test: TestDatabase;
const ids = { rock: 0, pop: 0, jazz: 0, x: 0, y: 0, z: 0, duet: 0, solo: 0 };

beforeEach(async () => {
  test = await openTestDatabase();
  const b = new LibraryBuilder('UTC');
  ids.rock = b.genre('Rock');
  ids.pop = b.genre('Pop');
  ids.jazz = b.genre('Jazz');
  ids.x = b.artist('X', [ids.rock]);
  ids.y = b.artist('Y', [ids.rock, ids.pop]);
  ids.z = b.artist('Z', [ids.pop]);
  ids.duet = b.track('Duet', [ids.x, ids.y]);
  ids.solo = b.track('Solo', [ids.z]);
  b.play(ids.duet, '2025-05-10T10:00:00Z', 200_000);
  b.play(ids.duet, '2025-06-10T10:00:00Z', 100_000);
  b.play(ids.solo, '2025-06-11T10:00:00Z', 60_000);
  b.play(ids.solo, '2025-06-12T10:00:00Z', 1_000); // a skip: in no month
  await b.write(test.db);
});

afterEach(() => test.close());

/** genre_months, which follows track_genres, must equal a recount from the plays after every step. */
async function pairs(): Promise<string[]> {
  expect(await selectGenreMonths(test.db)).toEqual(await recomputeGenreMonths(test.db));
  const rows = await readRows<{ track: string; genre: string }>(
    test.db,
    `SELECT t.name AS track, g.name AS genre FROM track_genres tg JOIN tracks t ON t.id = tg.track_id
      JOIN genres g ON g.id = tg.genre_id ORDER BY t.name, g.name`,
  );
  return rows.map((row) => `${row.track}/${row.genre}`);
}

const run = (sql: string, ...args: number[]) => test.db.$client.execute({ sql, args });

describe('track_genres', () => {
  it('holds each track’s distinct genres through its artists', async () => {
    expect(await pairs()).toEqual(['Duet/Pop', 'Duet/Rock', 'Solo/Pop']);
    const months = await selectGenreMonths(test.db);
    expect(months.map((row) => [row.month, row.genreId, row.plays])).toEqual(
      [
        ['2025-05', ids.rock, 1],
        ['2025-05', ids.pop, 1],
        ['2025-06', ids.rock, 1],
        ['2025-06', ids.pop, 2],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0])) || Number(a[1]) - Number(b[1])),
    );
  });

  it('moves a play’s genres with the play, and drops them with it', async () => {
    await run("UPDATE plays SET track_id = ? WHERE local_day = '2025-05-10'", ids.solo);
    expect(await selectGenreMonths(test.db)).toContainEqual({ month: '2025-05', genreId: ids.pop, plays: 1, msPlayed: 200_000 });
    await run('DELETE FROM plays WHERE track_id = ?', ids.duet);
    expect(await pairs()).toEqual(['Duet/Pop', 'Duet/Rock', 'Solo/Pop']);
  });

  it('follows genres added to and removed from an artist, keeping a genre another artist still brings', async () => {
    await run("INSERT INTO artist_genres (artist_id, genre_id, weight, source) VALUES (?, ?, 1, 'musicbrainz')", ids.z, ids.jazz);
    expect(await pairs()).toEqual(['Duet/Pop', 'Duet/Rock', 'Solo/Jazz', 'Solo/Pop']);
    await run('DELETE FROM artist_genres WHERE artist_id = ? AND genre_id = ?', ids.x, ids.rock);
    expect(await pairs(), 'Y still brings Rock to Duet').toEqual(['Duet/Pop', 'Duet/Rock', 'Solo/Jazz', 'Solo/Pop']);
    await run('DELETE FROM artist_genres WHERE artist_id = ?', ids.y);
    expect(await pairs()).toEqual(['Solo/Jazz', 'Solo/Pop']);
    await run('UPDATE artist_genres SET genre_id = ? WHERE artist_id = ? AND genre_id = ?', ids.rock, ids.z, ids.jazz);
    expect(await pairs()).toEqual(['Solo/Pop', 'Solo/Rock']);
  });

  it('follows credits added, removed and moved', async () => {
    await run('DELETE FROM track_artists WHERE track_id = ? AND artist_id = ?', ids.duet, ids.y);
    expect(await pairs(), 'Pop came only from Y').toEqual(['Duet/Rock', 'Solo/Pop']);
    await run('INSERT INTO track_artists (track_id, artist_id, position) VALUES (?, ?, 1)', ids.solo, ids.x);
    expect(await pairs()).toEqual(['Duet/Rock', 'Solo/Pop', 'Solo/Rock']);
    await run('UPDATE track_artists SET artist_id = ? WHERE track_id = ? AND artist_id = ?', ids.y, ids.solo, ids.z);
    expect(await pairs(), 'Y brings Pop back to Solo; Z no longer credited').toEqual(['Duet/Rock', 'Solo/Pop', 'Solo/Rock']);
    await run('DELETE FROM track_artists WHERE track_id = ?', ids.solo);
    expect(await pairs()).toEqual(['Duet/Rock']);
  });
});

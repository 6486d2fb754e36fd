import 'server-only';
import type { InStatement, Transaction } from '@libsql/client';
import { toObjects } from '@/db/sql';

/**
 * Indexes kept up while an import writes. The merge reads stored plays through the first
 * (selectNearbyPlays), which also guards each stream's uniqueness. The first and the last lead
 * with time (the last after the counted flag), and export rows come in time order, file after
 * file: they grow at their ends, about a quarter of the cost of building the last again
 * (measured on a million rows: +0.4 s against 1.5 s). The second holds polled plays only,
 * which an import never inserts: rebuilding it would read the whole table for nothing.
 */
const KEPT_INDEXES = ['plays_stream_idx', 'plays_api_track_ended_idx', 'plays_range_idx'];
/** Tables whose secondary indexes only readers use; every write of an import lands at random places in them. */
const TABLES = ['plays', 'track_stats'];

type SavedIndex = { name: string; sql: string };
type SavedStat = { tbl: string; idx: string; stat: string };

/**
 * The secondary indexes of `plays` and `track_stats` set aside while an import writes more
 * plays than the table held, and built again before it commits, in the same transaction:
 * nobody else ever sees the tables without them. Each play lands at a random place in the
 * indexes that lead with track_id, which costs more than the rest of the insert together,
 * and each rollup upsert moves every track's row in the rank indexes of track_stats;
 * building an index sorts the whole table at once, several times faster than that.
 *
 * Their exact SQL is read from the schema and run again, so they come back exactly as the
 * migrations made them, with the planner statistics ANALYZE had gathered for them.
 */
export class PlaysIndexes {
  private saved: SavedIndex[] = [];
  private stats: SavedStat[] = [];
  private state: 'kept' | 'dropped' | 'rebuilt' = 'kept';

  constructor(private readonly tx: Transaction) {}

  get dropped(): boolean {
    return this.state === 'dropped';
  }

  /** Whether dropping pays: the import's own rows are about to make up a good part of the table. */
  shouldDrop(storedAtStart: number, insertedSoFar: number): boolean {
    return this.state === 'kept' && storedAtStart <= 3 * insertedSoFar;
  }

  /** Outside any file's savepoint, so a refused file cannot bring them back behind this object's back. */
  async drop(): Promise<void> {
    this.saved = toObjects<SavedIndex>(
      await this.tx.execute({
        sql: `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN (${TABLES.map(() => '?').join(',')}) AND sql IS NOT NULL
          AND name NOT IN (${KEPT_INDEXES.map(() => '?').join(',')})`,
        args: [...TABLES, ...KEPT_INDEXES],
      }),
    );
    if ((await this.tx.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).rows.length > 0 && this.saved.length > 0) {
      const names = this.saved.map(({ name }) => name);
      this.stats = toObjects<SavedStat>(
        await this.tx.execute({
          sql: `SELECT tbl, idx, stat FROM sqlite_stat1 WHERE idx IN (${names.map(() => '?').join(',')})`,
          args: names,
        }),
      );
    }
    await this.tx.batch(this.saved.map(({ name }) => `DROP INDEX "${name.replaceAll('"', '""')}"`));
    this.state = 'dropped';
  }

  /**
   * The statements building them again, with their statistics, for the caller to run next:
   * before the import commits, or before an UPDATE of plays, whose rollup triggers look plays
   * up by track. They are not dropped again in this import.
   */
  takeRebuildStatements(): InStatement[] {
    if (this.state !== 'dropped') return [];
    this.state = 'rebuilt';
    return [
      ...this.saved.map(({ sql }) => sql),
      ...this.stats.map(({ tbl, idx, stat }) => ({
        sql: 'INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)',
        args: [tbl, idx, stat],
      })),
    ];
  }

  /** A savepoint that had rebuilt them was rolled back: they are dropped again. */
  rolledBackTo(dropped: boolean): void {
    if (dropped) this.state = 'dropped';
  }
}

import 'server-only';
import type { InStatement, Transaction } from '@libsql/client';
import { toObjects } from '@/db/sql';

/**
 * Rows a batch must bring (rows read: a full batch of the CLI import) for the bulk mode to pay. Below it the per-row triggers keep the
 * rollups, and no schema changes: measured on a 250 000-play library (docs/import.md, "One
 * bulk-write mode"), a web batch of 2 500 rows costs about the same either way, and setting
 * objects aside invalidates every prepared statement of the connection.
 */
export const BULK_MIN_ROWS = 5_000;

/**
 * Per-row triggers whose work a bulk writer does set-wise: the plays INSERT triggers (the
 * writer sums its plays in memory, PendingRollups) and the genre_months triggers on
 * track_months (the same upserts add their deltas to genre_months). They come back before any
 * UPDATE of plays, since the plays UPDATE triggers change track_months, which genre_months
 * must follow.
 */
const TRIGGERS = ['plays_rollup_insert', 'plays_track_months_insert', 'genre_months_track_insert', 'genre_months_track_update'];

/**
 * Tables whose secondary indexes only readers use: every play lands at a random place in the
 * indexes that lead with track_id, and each rollup upsert moves a track's row in the rank
 * indexes of track_stats; building an index sorts the whole table at once, several times
 * faster. Kept: the merge reads stored plays through the first, which also guards each
 * stream's uniqueness; the first and the last lead with time and export rows come in time
 * order, so they grow at their ends (measured on a million rows: +0.4 s against 1.5 s to
 * build again); the second holds polled plays only, which an import never inserts.
 */
const INDEXED_TABLES = ['plays', 'track_stats'];
const KEPT_INDEXES = ['plays_stream_idx', 'plays_api_track_ended_idx', 'plays_range_idx'];

type SavedObject = { type: 'index' | 'trigger'; name: string; sql: string };
type SavedStat = { tbl: string; idx: string; stat: string };
type State = 'kept' | 'aside' | 'restored';
/** What a savepoint may have to go back to. */
export type BulkState = { triggers: State; indexes: State };

const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(',');
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The one bulk-write mode of the import and of seeding: the triggers above (and, when the
 * writer's plays will make up a good part of the table, the indexes) set aside inside the
 * writer's own transaction and made again from their own SQL before it commits, so no other
 * connection ever sees the schema without them, and a rolled-back write brings them back with
 * the rest. Indexes come back with the planner statistics ANALYZE had gathered for them.
 */
export class BulkWrite {
  private triggers: SavedObject[] = [];
  private indexes: SavedObject[] = [];
  private stats: SavedStat[] = [];
  private state: BulkState = { triggers: 'kept', indexes: 'kept' };

  constructor(private readonly tx: Transaction) {}

  /** Whether the plays being inserted are the writer's to add to the rollups. */
  get triggersAside(): boolean {
    return this.state.triggers === 'aside';
  }

  get snapshot(): BulkState {
    return { ...this.state };
  }

  /**
   * Sets the triggers aside (again, after a merge brought them back), and the indexes too the
   * first time `withIndexes` holds: building them again reads the whole table, once per write.
   */
  async setAside({ withIndexes }: { withIndexes: boolean }): Promise<void> {
    const indexes = withIndexes && this.state.indexes === 'kept';
    if (this.state.triggers === 'aside' && !indexes) return;
    if (this.state.triggers !== 'aside') this.triggers = await this.read('trigger', TRIGGERS);
    if (indexes) {
      this.indexes = await this.readIndexes();
      this.stats = await this.readStats(this.indexes.map(({ name }) => name));
    }
    const dropped = [...(this.state.triggers === 'aside' ? [] : this.triggers), ...(indexes ? this.indexes : [])];
    await this.tx.batch(dropped.map(({ type, name }) => `DROP ${type.toUpperCase()} ${quoted(name)}`));
    this.state = { triggers: 'aside', indexes: indexes ? 'aside' : this.state.indexes };
  }

  /**
   * The statements bringing everything back, for the caller to run next: the indexes first
   * (the rollup triggers look plays up by track), then `flush` — the writer's pending rollup
   * upserts, told whether genre_months is theirs to keep up — then the triggers.
   */
  restore(flush: (options: { genreMonths: boolean }) => InStatement[]): InStatement[] {
    const statements: InStatement[] = [];
    if (this.state.indexes === 'aside') {
      statements.push(
        ...this.indexes.map(({ sql }) => sql),
        ...this.stats.map(({ tbl, idx, stat }) => ({
          sql: 'INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)',
          args: [tbl, idx, stat],
        })),
      );
      this.state.indexes = 'restored';
    }
    statements.push(...flush({ genreMonths: this.triggersAside }));
    if (this.state.triggers === 'aside') {
      statements.push(...this.triggers.map(({ sql }) => sql));
      this.state.triggers = 'restored';
    }
    return statements;
  }

  /** A savepoint was rolled back: the schema is as it was when `state` was taken. */
  rolledBackTo(state: BulkState): void {
    this.state = { ...state };
  }

  private async read(type: SavedObject['type'], names: readonly string[]): Promise<SavedObject[]> {
    const sql = `SELECT type, name, sql FROM sqlite_master WHERE type = ? AND name IN (${placeholders(names)}) ORDER BY name`;
    return toObjects<SavedObject>(await this.tx.execute({ sql, args: [type, ...names] }));
  }

  private async readIndexes(): Promise<SavedObject[]> {
    const sql = `SELECT type, name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
      AND tbl_name IN (${placeholders(INDEXED_TABLES)}) AND name NOT IN (${placeholders(KEPT_INDEXES)}) ORDER BY name`;
    return toObjects<SavedObject>(await this.tx.execute({ sql, args: [...INDEXED_TABLES, ...KEPT_INDEXES] }));
  }

  private async readStats(names: string[]): Promise<SavedStat[]> {
    if (names.length === 0) return [];
    if ((await this.tx.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).rows.length === 0) return [];
    const sql = `SELECT tbl, idx, stat FROM sqlite_stat1 WHERE idx IN (${placeholders(names)})`;
    return toObjects<SavedStat>(await this.tx.execute({ sql, args: names }));
  }
}

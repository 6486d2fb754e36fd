import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import { json, startServer, type Reply } from './http';

/**
 * A stand-in for hosted libSQL (Turso, i.e. sqld) on 127.0.0.1: Hrana over HTTP with JSON bodies,
 * executed on a local libSQL file through the `libsql` native package (one connection per stream).
 *
 * What @libsql/client 0.18.0 (with @libsql/hrana-client 0.10.0) sends for an `http://` URL:
 * - no version probe: `hrana.openHttp` defaults to protocol 2, so every call is POST /v2/pipeline
 *   `{ baton, requests }`. (A client opened for protocol 3 probes GET /v3-protobuf only — its JSON
 *   /v3 probe is commented out — and falls back to /v2 on our 404, since we speak no protobuf.)
 * - `execute`: one request [execute, close]. `batch(stmts, mode)`: one request [store_sql per
 *   distinct SQL text, batch [BEGIN <mode>, each statement if the previous step was `ok`, COMMIT if
 *   the last was `ok`, ROLLBACK if COMMIT was `not ok`], close]; statements then refer to `sql_id`.
 * - `transaction(mode)`: one stream kept for the whole transaction; the first `execute`/`batch`
 *   sends BEGIN in a batch with its statements, each later request carries the baton from the
 *   previous answer, `commit()`/`rollback()` is [execute COMMIT|ROLLBACK, close]. On protocol 2
 *   there are no `is_autocommit` conditions and no cursors.
 *
 * What it mimics from sqld (libsql-server/src/hrana and src/connection/libsql.rs):
 * - streams: each answer carries a new baton. A used, concurrent or unknown baton gets 400 (plain
 *   text); a malformed request inside a pipeline gets 400 too and ends its stream. A stream idle
 *   for `streamExpiryMs` (sqld: 10 s) is rolled back and gone: its baton gets 500
 *   `{ message, code: 'STREAM_EXPIRED' }`.
 * - requests: execute, batch (conditions ok/error/not/and/or, and is_autocommit on /v3), sequence,
 *   store_sql/close_sql (at most 50 texts of 5000 bytes), get_autocommit (/v3 only), close.
 * - one writer at a time: a stream takes the write lock before a statement that writes (what
 *   SQLite's EXPLAIN says: a Transaction opcode with p2 ≠ 0, so BEGIN IMMEDIATE counts) and holds it
 *   until its connection is back in autocommit. Other writers wait. A holder past `lockStealMs`
 *   (sqld's TXN_TIMEOUT, 5 s) is rolled back — by the first waiter at that moment, or at its own
 *   next statement if nobody waits — and the holder's next execute/batch fails in every step with
 *   `{ message: 'Transaction timed out', code: 'TRANSACTION_TIMEOUT' }`. Waiting has no other limit.
 * - results: values as { type: null|integer (a string)|float|text|blob (base64) },
 *   `affected_row_count` only for INSERT/REPLACE/UPDATE/DELETE and `last_insert_rowid` only for
 *   INSERT/REPLACE (sqld looks at the statement's verb too), errors as
 *   `{ message: 'SQLite error: …', code: 'SQLITE_<primary code>' }`; an execute or batch whose
 *   results pass `maxResponseBytes` (sqld's --max-response-size, 10 MB) fails as a whole with
 *   `{ message: 'Response is too large', code: 'RESPONSE_TOO_LARGE' }`.
 *
 * What it does not: protobuf, cursors, `describe`, WebSockets, the v1 API, auth tokens,
 * replication indexes, SQL parsing (a string with several statements runs only the first where
 * sqld refuses it; a `sequence` counts as one statement and always takes the write lock).
 *
 * Test switches: `latencyMs` delays every answer; `dropNext` destroys the socket of the next
 * pipeline requests before or after executing them; `stats` reports each HTTP request.
 */
export type LibsqlServerOptions = {
  /** The database file; by default a new file in a temp folder, removed on close. */
  path?: string;
  /** Added to every HTTP answer. */
  latencyMs?: number;
  /** How long a stream may hold the write lock. */
  lockStealMs?: number;
  /** How long a stream may go without a request. */
  streamExpiryMs?: number;
  /** The largest result of one execute or batch, in JSON characters. */
  maxResponseBytes?: number;
};

export type DropWhen = 'before' | 'after';

/**
 * One HTTP request. rowsRead counts the rows statements returned (libSQL's own rows-read counter
 * is not exposed to JavaScript, so scans are not counted); rowsWritten is SQLite's total_changes()
 * difference, so rows written by triggers count and DDL counts nothing.
 */
export type RequestReport = {
  path: string;
  /** The pipeline's request types in order, e.g. ['store_sql', 'batch', 'close']. */
  requests: string[];
  statements: number;
  rowsRead: number;
  rowsWritten: number;
  /** The socket was destroyed before or after executing. */
  dropped: DropWhen | null;
};

export class LibsqlServerStats {
  perRequest: RequestReport[] = [];
  get requests(): number {
    return this.perRequest.length;
  }
  get statements(): number {
    return this.sum('statements');
  }
  get rowsRead(): number {
    return this.sum('rowsRead');
  }
  get rowsWritten(): number {
    return this.sum('rowsWritten');
  }
  private sum(field: 'statements' | 'rowsRead' | 'rowsWritten'): number {
    return this.perRequest.reduce((total, report) => total + report[field], 0);
  }
}

export type LibsqlServer = {
  url: string;
  path: string;
  stats: LibsqlServerStats;
  /** Forget the stats. */
  reset: () => void;
  /** Destroy the socket of the next `count` pipeline requests (after `skip` that pass), before or after executing them. */
  dropNext: (count?: number, when?: DropWhen, skip?: number) => void;
  /** Streams the server still keeps (a client that closes what it opens leaves none). */
  openStreams: () => number;
  close: () => Promise<void>;
};

type Settings = Required<Omit<LibsqlServerOptions, 'path'>>;
const DEFAULTS: Settings = { latencyMs: 0, lockStealMs: 5_000, streamExpiryMs: 10_000, maxResponseBytes: 10 * 1024 * 1024 };
const MAX_STORED_SQLS = 50;
const MAX_STORED_SQL_BYTES = 5_000;
const HELLO: Record<string, string> = {
  '/v2': 'Hello, this is HTTP API v2 (Hrana over HTTP)',
  '/v3': 'Hello, this is HTTP API v3 (Hrana over HTTP)',
};
const PIPELINES: Record<string, Version> = { '/v2/pipeline': 2, '/v3/pipeline': 3 };

type Version = 2 | 3;
type WireValue =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };
type WireStmt = {
  sql?: string;
  sql_id?: number;
  args?: WireValue[];
  named_args?: { name: string; value: WireValue }[];
  want_rows?: boolean;
};
type WireCond =
  | { type: 'ok' | 'error'; step: number }
  | { type: 'not'; cond: WireCond }
  | { type: 'and' | 'or'; conds: WireCond[] }
  | { type: 'is_autocommit' };
type WireStep = { condition?: WireCond | null; stmt: WireStmt };
type StreamRequest =
  | { type: 'close' }
  | { type: 'execute'; stmt: WireStmt }
  | { type: 'batch'; batch: { steps: WireStep[] } }
  | { type: 'sequence'; sql?: string; sql_id?: number }
  | { type: 'store_sql'; sql_id: number; sql: string }
  | { type: 'close_sql'; sql_id: number }
  | { type: 'get_autocommit' };
type WireError = { message: string; code: string };
type StmtResult = {
  cols: { name: string; decltype: string | null }[];
  rows: WireValue[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
  rows_read: number;
  rows_written: number;
};
type StreamResponse =
  | { type: 'close' | 'sequence' | 'store_sql' | 'close_sql' }
  | { type: 'execute'; result: StmtResult }
  | { type: 'batch'; result: { step_results: (StmtResult | null)[]; step_errors: (WireError | null)[] } }
  | { type: 'get_autocommit'; is_autocommit: boolean };
type StreamResult = { type: 'ok'; response: StreamResponse } | { type: 'error'; error: WireError };
/** A step's fate: its result, its error, or null when its condition kept it from running. */
type Outcome = { result: StmtResult; error?: undefined } | { result?: undefined; error: WireError } | null;
type ProgramStep = { sql: string; stmt: WireStmt; condition?: WireCond | null };

/** Fails the whole HTTP request with a ready answer (and ends its stream). */
class RequestFailure extends Error {
  constructor(readonly reply: Reply) {
    super(reply.body);
  }
}

const protocolError = (message: string) => new RequestFailure({ status: 400, headers: { 'content-type': 'text/plain' }, body: message });

/** Fails one execute/batch/sequence/store_sql: the pipeline goes on. */
class StmtError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
  get wire(): WireError {
    return { message: this.message, code: this.code };
  }
}

const TIMED_OUT: WireError = { message: 'Transaction timed out', code: 'TRANSACTION_TIMEOUT' };

class Stream {
  readonly id = randomBytes(8).toString('hex');
  seq = 0;
  /** A request is using it; another one with its baton is refused. */
  busy = true;
  readonly sqls = new Map<number, string>();
  /** Its write lock was taken away: the next execute/batch fails. */
  lockLost = false;
  expiry: NodeJS.Timeout | undefined;
  constructor(public conn: Database.Database | null) {}
  get baton(): string {
    return `${this.id}.${this.seq}`;
  }
}

/** sqld's single writer slot: who holds it, until when, and a way to wait for its release. */
class WriteLock {
  private holder: Stream | null = null;
  private deadline = 0;
  private releases: (() => void)[] = [];

  constructor(
    private readonly holdMs: number,
    private readonly steal: (holder: Stream) => void,
  ) {}

  holds(stream: Stream): boolean {
    return this.holder === stream;
  }

  expired(): boolean {
    return Date.now() > this.deadline;
  }

  async acquire(stream: Stream): Promise<void> {
    while (this.holder && this.holder !== stream) {
      const holder = this.holder;
      const released = await this.waitForRelease(this.deadline - Date.now());
      if (!released && this.holder === holder) this.steal(holder);
    }
    if (this.holder === stream) return;
    this.holder = stream;
    this.deadline = Date.now() + this.holdMs;
  }

  release(stream: Stream): void {
    if (this.holder !== stream) return;
    this.holder = null;
    for (const wake of this.releases.splice(0)) wake();
  }

  private waitForRelease(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), Math.max(0, ms));
      this.releases.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

class HranaServer {
  readonly stats = new LibsqlServerStats();
  private readonly streams = new Map<string, Stream>();
  private readonly expired = new Set<string>();
  private readonly drops: (DropWhen | null)[] = [];
  private readonly lock: WriteLock;

  constructor(
    readonly path: string,
    private readonly settings: Settings,
  ) {
    this.lock = new WriteLock(settings.lockStealMs, (holder) => this.takeLock(holder));
  }

  dropNext(count: number, when: DropWhen, skip: number): void {
    for (let i = 0; i < skip; i += 1) this.drops.push(null);
    for (let i = 0; i < count; i += 1) this.drops.push(when);
  }

  openStreams(): number {
    return this.streams.size;
  }

  closeAll(): void {
    for (const stream of [...this.streams.values()]) this.end(stream);
  }

  async handle(method: string | undefined, pathname: string, body: string): Promise<Reply> {
    const report: RequestReport = { path: pathname, requests: [], statements: 0, rowsRead: 0, rowsWritten: 0, dropped: null };
    this.stats.perRequest.push(report);
    return { ...(await this.route(method, pathname, body, report)), delayMs: this.settings.latencyMs };
  }

  private async route(method: string | undefined, pathname: string, body: string, report: RequestReport): Promise<Reply> {
    const hello = HELLO[pathname];
    if (method === 'GET' && hello) return { status: 200, headers: { 'content-type': 'text/plain' }, body: hello };
    const version = PIPELINES[pathname];
    if (method !== 'POST' || !version) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not found' };
    report.dropped = this.drops.shift() ?? null;
    if (report.dropped === 'before') return { status: 0, destroy: true };
    const reply = await this.pipeline(version, body, report).catch((error: unknown) => {
      if (error instanceof RequestFailure) return error.reply;
      throw error;
    });
    return report.dropped === 'after' ? { status: 0, destroy: true } : reply;
  }

  private async pipeline(version: Version, body: string, report: RequestReport): Promise<Reply> {
    const { baton, requests } = parseBody(body);
    const stream = this.acquire(baton);
    try {
      const results: StreamResult[] = [];
      for (const request of requests) {
        report.requests.push(request.type);
        results.push(await this.streamRequest(stream, request, version, report));
      }
      return json(200, { baton: this.release(stream), base_url: null, results });
    } catch (error) {
      this.end(stream);
      throw error;
    }
  }

  private acquire(baton: string | null | undefined): Stream {
    if (baton === null || baton === undefined) {
      const stream = new Stream(new Database(this.path));
      this.streams.set(stream.id, stream);
      return stream;
    }
    const [id = '', seq] = baton.split('.');
    if (this.expired.has(id)) {
      throw new RequestFailure(json(500, { message: 'The stream has expired due to inactivity', code: 'STREAM_EXPIRED' }));
    }
    const stream = this.streams.get(id);
    if (!stream) throw protocolError('Received an invalid baton');
    if (stream.busy || seq !== String(stream.seq)) throw protocolError('Received a baton that has already been used');
    stream.busy = true;
    clearTimeout(stream.expiry);
    return stream;
  }

  /** The baton for the next request, or null once the stream is closed. */
  private release(stream: Stream): string | null {
    if (!stream.conn) return null;
    stream.busy = false;
    stream.seq += 1;
    stream.expiry = setTimeout(() => this.expire(stream), this.settings.streamExpiryMs).unref();
    return stream.baton;
  }

  private expire(stream: Stream): void {
    this.end(stream);
    this.expired.add(stream.id);
  }

  /** Rolls back whatever the stream had open and forgets it. */
  private end(stream: Stream): void {
    clearTimeout(stream.expiry);
    this.streams.delete(stream.id);
    if (!stream.conn) return;
    if (stream.conn.inTransaction) stream.conn.exec('ROLLBACK');
    this.lock.release(stream);
    stream.conn.close();
    stream.conn = null;
  }

  private async streamRequest(stream: Stream, request: StreamRequest, version: Version, report: RequestReport): Promise<StreamResult> {
    try {
      return { type: 'ok', response: await this.respond(stream, request, version, report) };
    } catch (error) {
      if (error instanceof StmtError) return { type: 'error', error: error.wire };
      throw error;
    }
  }

  private async respond(stream: Stream, request: StreamRequest, version: Version, report: RequestReport): Promise<StreamResponse> {
    switch (request.type) {
      case 'close':
        this.end(stream);
        return { type: 'close' };
      case 'execute': {
        const [outcome] = await this.run(stream, [{ stmt: request.stmt }], version, report);
        if (outcome?.error) throw new StmtError(outcome.error.message, outcome.error.code);
        return { type: 'execute', result: (outcome as { result: StmtResult }).result };
      }
      case 'batch': {
        const outcomes = await this.run(stream, request.batch.steps, version, report);
        const step_results = outcomes.map((outcome) => outcome?.result ?? null);
        return { type: 'batch', result: { step_results, step_errors: outcomes.map((outcome) => outcome?.error ?? null) } };
      }
      case 'sequence':
        await this.sequence(stream, sqlOf(stream, request.sql, request.sql_id), report);
        return { type: 'sequence' };
      case 'store_sql':
        storeSql(stream, request.sql_id, request.sql);
        return { type: 'store_sql' };
      case 'close_sql':
        stream.sqls.delete(request.sql_id);
        return { type: 'close_sql' };
      case 'get_autocommit':
        requireV3(version, 'The `get_autocommit` request');
        return { type: 'get_autocommit', is_autocommit: !connection(stream).inTransaction };
      default:
        throw protocolError(`Request type ${(request as { type: string }).type} is not supported by this stand-in`);
    }
  }

  /** An execute (one unconditional step) or a batch, validated before anything runs, as sqld does. */
  private async run(stream: Stream, steps: WireStep[], version: Version, report: RequestReport): Promise<Outcome[]> {
    connection(stream);
    const program: ProgramStep[] = steps.map((step, index) => {
      if (step.condition) checkCondition(step.condition, index, version);
      return { ...step, sql: sqlOf(stream, step.stmt.sql, step.stmt.sql_id) };
    });
    const outcomes: Outcome[] = [];
    let timedOut = false;
    let bytes = 0;
    for (const step of program) {
      timedOut ||= this.lostLock(stream);
      if (timedOut) {
        outcomes.push({ error: TIMED_OUT });
        continue;
      }
      if (step.condition && !holds(step.condition, outcomes, connection(stream))) {
        outcomes.push(null);
        continue;
      }
      const outcome = await this.step(stream, step, report);
      bytes += JSON.stringify(outcome).length;
      if (bytes > this.settings.maxResponseBytes) throw new StmtError('Response is too large', 'RESPONSE_TOO_LARGE');
      outcomes.push(outcome);
    }
    return outcomes;
  }

  private async step(stream: Stream, step: ProgramStep, report: RequestReport): Promise<Outcome> {
    report.statements += 1;
    try {
      const conn = connection(stream);
      const statement = conn.prepare(step.sql);
      const verb = verbOf(step.sql);
      if (!this.lock.holds(stream) && writes(conn, step.sql, verb)) {
        await this.lock.acquire(stream);
        connection(stream); // the server may have closed while this stream waited
      }
      const result = execute(conn, statement, step, verb);
      report.rowsRead += result.rows_read;
      report.rowsWritten += result.rows_written;
      return { result };
    } catch (error) {
      return { error: stmtErrorOf(error).wire };
    } finally {
      this.releaseIfDone(stream);
    }
  }

  private async sequence(stream: Stream, sql: string, report: RequestReport): Promise<void> {
    connection(stream);
    if (this.lostLock(stream)) throw new StmtError(TIMED_OUT.message, TIMED_OUT.code);
    report.statements += 1;
    await this.lock.acquire(stream);
    try {
      const conn = connection(stream);
      const before = counters(conn);
      conn.exec(sql);
      report.rowsWritten += Number(counters(conn).totalChanges - before.totalChanges);
    } catch (error) {
      throw stmtErrorOf(error);
    } finally {
      this.releaseIfDone(stream);
    }
  }

  private releaseIfDone(stream: Stream): void {
    if (this.lock.holds(stream) && !stream.conn?.inTransaction) this.lock.release(stream);
  }

  /** True once after the stream's write lock was taken away; a holder past its time loses it here. */
  private lostLock(stream: Stream): boolean {
    if (this.lock.holds(stream) && this.lock.expired()) this.takeLock(stream);
    const lost = stream.lockLost;
    stream.lockLost = false;
    return lost;
  }

  private takeLock(holder: Stream): void {
    if (holder.conn?.inTransaction) holder.conn.exec('ROLLBACK');
    holder.lockLost = true;
    this.lock.release(holder);
  }
}

function parseBody(body: string): { baton?: string | null; requests: StreamRequest[] } {
  try {
    const parsed = JSON.parse(body) as { baton?: string | null; requests?: StreamRequest[] };
    if (!Array.isArray(parsed.requests)) throw new Error('`requests` is not an array');
    return { baton: parsed.baton, requests: parsed.requests };
  } catch (error) {
    throw protocolError(`Cannot deserialize client message from JSON: ${String(error)}`);
  }
}

function connection(stream: Stream): Database.Database {
  if (!stream.conn) throw protocolError('Stream for this baton was closed');
  return stream.conn;
}

function sqlOf(stream: Stream, sql: string | undefined, sqlId: number | undefined): string {
  if (sql !== undefined && sqlId !== undefined) throw protocolError('Either `sql` or `sql_id` are required, but not both');
  if (sql !== undefined) return sql;
  if (sqlId === undefined) throw protocolError('Either `sql` or `sql_id` are required');
  const stored = stream.sqls.get(sqlId);
  if (stored === undefined) throw protocolError(`SQL text ${sqlId} not found`);
  return stored;
}

function storeSql(stream: Stream, sqlId: number, sql: string): void {
  if (stream.sqls.has(sqlId)) throw protocolError(`SQL text ${sqlId} already exists`);
  if (stream.sqls.size >= MAX_STORED_SQLS) {
    throw new StmtError(`The server already stores ${stream.sqls.size} SQL texts, it cannot store more`, 'SQL_STORE_TOO_MANY');
  }
  const bytes = Buffer.byteLength(sql);
  if (bytes > MAX_STORED_SQL_BYTES) {
    throw new StmtError(`The statement is too large to be stored: ${bytes} B/${MAX_STORED_SQL_BYTES} B`, 'SQL_STORE_TOO_LARGE');
  }
  stream.sqls.set(sqlId, sql);
}

function requireV3(version: Version, what: string): void {
  if (version < 3) throw protocolError(`${what} is only supported in protocol version hrana3 and higher`);
}

function checkCondition(cond: WireCond, stepIndex: number, version: Version): void {
  switch (cond.type) {
    case 'ok':
    case 'error':
      if (!(cond.step >= 0 && cond.step < stepIndex)) throw protocolError('Invalid reference to step in a batch condition');
      return;
    case 'not':
      return checkCondition(cond.cond, stepIndex, version);
    case 'and':
    case 'or':
      return cond.conds.forEach((inner) => checkCondition(inner, stepIndex, version));
    case 'is_autocommit':
      return requireV3(version, 'BatchCond of type `is_autocommit`');
    default:
      throw protocolError('BatchCond type not recognized');
  }
}

/** A step that did not run is neither ok nor error. */
function holds(cond: WireCond, outcomes: Outcome[], conn: Database.Database): boolean {
  switch (cond.type) {
    case 'ok':
      return outcomes[cond.step]?.result !== undefined;
    case 'error':
      return outcomes[cond.step]?.error !== undefined;
    case 'not':
      return !holds(cond.cond, outcomes, conn);
    case 'and':
      return cond.conds.every((inner) => holds(inner, outcomes, conn));
    case 'or':
      return cond.conds.some((inner) => holds(inner, outcomes, conn));
    case 'is_autocommit':
      return !conn.inTransaction;
  }
}

/** Whether the statement will take SQLite's write lock: EXPLAIN shows a Transaction opcode with p2 ≠ 0. */
function writes(conn: Database.Database, sql: string, verb: string): boolean {
  if (verb === 'EXPLAIN') return false;
  const program = runExplain(conn.prepare(`EXPLAIN ${sql}`), []);
  return program.some(([, opcode, , p2]) => opcode === 'Transaction' && Number(p2) !== 0);
}

/**
 * Runs an EXPLAIN to its last row and resets it. Unlike other programs an EXPLAIN stays active
 * after its last row, and libsql resets a statement only in get(): left alone it would keep the
 * connection's autocommit writes uncommitted and make COMMIT fail ("SQL statements in progress").
 */
function runExplain(statement: Database.Statement, args: unknown[] | Record<string, unknown>): unknown[][] {
  const rows = statement.raw(true).safeIntegers(true).all(args) as unknown[][];
  statement.get(args);
  return rows;
}

function runStatement(statement: Database.Statement, args: unknown[] | Record<string, unknown>, verb: string): unknown[][] {
  if (verb === 'EXPLAIN') return runExplain(statement, args);
  if (statement.reader) return statement.raw(true).safeIntegers(true).all(args) as unknown[][];
  statement.run(args);
  return [];
}

function execute(conn: Database.Database, statement: Database.Statement, step: ProgramStep, verb: string): StmtResult {
  const args = bindings(step.stmt);
  const before = counters(conn);
  const rows = runStatement(statement, args, verb);
  const after = counters(conn);
  return {
    cols: statement.columns().map((column) => ({ name: column.name, decltype: column.type })),
    rows: step.stmt.want_rows === false ? [] : rows.map((row) => row.map(encodeValue)),
    affected_row_count: ['INSERT', 'REPLACE', 'UPDATE', 'DELETE'].includes(verb) ? Number(after.changes) : 0,
    last_insert_rowid: ['INSERT', 'REPLACE'].includes(verb) ? String(after.lastInsertRowid) : null,
    rows_read: rows.length,
    rows_written: Number(after.totalChanges - before.totalChanges),
  };
}

function counters(conn: Database.Database): { changes: bigint; lastInsertRowid: bigint; totalChanges: bigint } {
  const row = conn.prepare('SELECT changes(), last_insert_rowid(), total_changes()').raw(true).safeIntegers(true).get() as bigint[];
  const [changes = 0n, lastInsertRowid = 0n, totalChanges = 0n] = row;
  return { changes, lastInsertRowid, totalChanges };
}

/** The statement's first keyword, or for WITH … the verb after the common table expressions. */
function verbOf(sql: string): string {
  const text = sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]/g, ' ');
  const first = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? '';
  if (first !== 'WITH') return first;
  let flat = text;
  for (let previous = ''; previous !== flat;) [previous, flat] = [flat, flat.replace(/\([^()]*\)/g, ' ')];
  return /\b(SELECT|INSERT|REPLACE|UPDATE|DELETE)\b/i.exec(flat)?.[1]?.toUpperCase() ?? '';
}

function bindings(stmt: WireStmt): unknown[] | Record<string, unknown> {
  const positional = (stmt.args ?? []).map(decodeValue);
  const named = stmt.named_args ?? [];
  if (named.length === 0) return positional;
  if (positional.length > 0) {
    throw new StmtError('Specifying both positional and named arguments is not supported', 'ARGS_BOTH_POSITIONAL_AND_NAMED');
  }
  // libsql binds names without their prefix (:name, @name, $name).
  return Object.fromEntries(named.map(({ name, value }) => [name.replace(/^[:@$]/, ''), decodeValue(value)]));
}

function decodeValue(value: WireValue): unknown {
  switch (value.type) {
    case 'null':
      return null;
    case 'integer':
      return BigInt(value.value);
    case 'float':
    case 'text':
      return value.value;
    case 'blob':
      return Buffer.from(value.base64, 'base64');
    default:
      throw protocolError('Value type not recognized');
  }
}

function encodeValue(value: unknown): WireValue {
  if (value === null) return { type: 'null' };
  if (typeof value === 'bigint') return { type: 'integer', value: String(value) };
  if (typeof value === 'number') return { type: 'float', value };
  if (typeof value === 'string') return { type: 'text', value };
  if (value instanceof Uint8Array) return { type: 'blob', base64: Buffer.from(value).toString('base64') };
  throw new Error(`libsql returned a value of type ${typeof value}`);
}

/** sqld reports SQLite failures with the primary result code only (SQLITE_CONSTRAINT, not …_UNIQUE). */
function stmtErrorOf(error: unknown): StmtError {
  if (error instanceof StmtError) return error;
  if (error instanceof Database.SqliteError) {
    const code = /^SQLITE_[A-Z]+/.exec(error.code)?.[0] ?? 'SQLITE_UNKNOWN';
    return new StmtError(`SQLite error: ${error.message}`, code);
  }
  throw error;
}

export async function startLibsqlServer(options: LibsqlServerOptions = {}): Promise<LibsqlServer> {
  const file = options.path ?? path.join(mkdtempSync(path.join(tmpdir(), 'libsql-server-')), 'data.db');
  const ownFolder = options.path === undefined ? path.dirname(file) : null;
  // Like sqld: WAL, so readers on other streams neither block nor wait for the writer.
  const setup = new Database(file);
  setup.exec('PRAGMA journal_mode = WAL');
  setup.close();
  const hrana = new HranaServer(file, {
    latencyMs: options.latencyMs ?? DEFAULTS.latencyMs,
    lockStealMs: options.lockStealMs ?? DEFAULTS.lockStealMs,
    streamExpiryMs: options.streamExpiryMs ?? DEFAULTS.streamExpiryMs,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULTS.maxResponseBytes,
  });
  const running = await startServer((request, url, body) => hrana.handle(request.method, url.pathname, body));
  return {
    url: running.url,
    path: file,
    stats: hrana.stats,
    reset: () => {
      hrana.stats.perRequest = [];
    },
    dropNext: (count = 1, when = 'after', skip = 0) => hrana.dropNext(count, when, skip),
    openStreams: () => hrana.openStreams(),
    close: async () => {
      hrana.closeAll();
      await running.close();
      if (ownFolder) rmSync(ownFolder, { recursive: true, force: true });
    },
  };
}

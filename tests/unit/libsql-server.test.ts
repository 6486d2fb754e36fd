import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient, LibsqlError, type Client, type Config } from '@libsql/client';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterEach, describe, expect, it } from 'vitest';
import { startLibsqlServer, type LibsqlServer, type LibsqlServerOptions } from '../fakes/libsql-server';

const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options: LibsqlServerOptions = {}, config: Partial<Config> = {}): Promise<{ server: LibsqlServer; client: Client }> {
  const server = await startLibsqlServer(options);
  cleanups.push(() => server.close());
  const client = createClient({ url: server.url, ...config });
  cleanups.push(() => client.close());
  await client.execute('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, score REAL, data BLOB)');
  server.reset();
  return { server, client };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function names(client: Client): Promise<string[]> {
  const result = await client.execute('SELECT name FROM items ORDER BY id');
  return result.rows.map((row) => String(row.name));
}

async function failure(promise: Promise<unknown>): Promise<LibsqlError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof LibsqlError)) throw new Error(`expected a LibsqlError, got ${String(error)}`);
  return error;
}

describe('the libSQL stand-in, through @libsql/client over http://', () => {
  it('executes statements and returns values with their types', async () => {
    const { client } = await start();
    const inserted = await client.execute({
      sql: 'INSERT INTO items (name, score, data) VALUES (?, ?, ?)',
      args: ['first', 2.5, new Uint8Array([1, 2, 255])],
    });
    expect(inserted.rowsAffected).toBe(1);
    expect(inserted.lastInsertRowid).toBe(1n);
    await client.execute({ sql: 'INSERT INTO items (id, name) VALUES (:id, :name)', args: { id: 7, name: 'named' } });

    const result = await client.execute('SELECT id, name, score, data, NULL AS empty FROM items ORDER BY id');
    expect(result.columns).toEqual(['id', 'name', 'score', 'data', 'empty']);
    expect(result.columnTypes).toEqual(['INTEGER', 'TEXT', 'REAL', 'BLOB', '']);
    expect(result.rowsAffected).toBe(0);
    expect(result.lastInsertRowid).toBeUndefined();
    const [first, second] = result.rows;
    expect([first?.id, first?.name, first?.score, first?.empty]).toEqual([1, 'first', 2.5, null]);
    expect([...new Uint8Array(first?.data as ArrayBuffer)]).toEqual([1, 2, 255]);
    expect([second?.id, second?.name, second?.score, second?.data]).toEqual([7, 'named', null, null]);
  });

  it('keeps 64-bit integers exact as strings on the wire', async () => {
    const { client } = await start({}, { intMode: 'bigint' });
    await client.execute({ sql: 'INSERT INTO items (id, name) VALUES (?, ?)', args: [9007199254740993n, 'big'] });
    const result = await client.execute('SELECT id, id * 1.0 AS real FROM items');
    expect(result.rows[0]?.id).toBe(9007199254740993n);
    expect(typeof result.rows[0]?.real).toBe('number');
  });

  it('reports SQLite errors with the primary result code', async () => {
    const { client } = await start();
    await client.execute("INSERT INTO items (name) VALUES ('dup')");
    const error = await failure(client.execute("INSERT INTO items (name) VALUES ('dup')"));
    expect(error.code).toBe('SQLITE_CONSTRAINT');
    expect(error.message).toBe('SQLITE_CONSTRAINT: SQLite error: UNIQUE constraint failed: items.name');
    expect((await failure(client.execute('SELECT * FROM nowhere'))).message).toContain('no such table: nowhere');
  });

  it('runs a batch atomically: a failing statement leaves nothing written', async () => {
    const { client, server } = await start();
    const error = await failure(
      client.batch(
        ["INSERT INTO items (name) VALUES ('a')", "INSERT INTO items (name) VALUES ('b')", "INSERT INTO items (name) VALUES ('a')"],
        'write',
      ),
    );
    expect(error.code).toBe('SQLITE_CONSTRAINT');
    expect(await names(client)).toEqual([]);

    const results = await client.batch(["INSERT INTO items (name) VALUES ('a')", "UPDATE items SET score = 1 WHERE name = 'a'"], 'write');
    expect(results.map((result) => result.rowsAffected)).toEqual([1, 1]);
    expect(await names(client)).toEqual(['a']);
    expect(server.openStreams()).toBe(0);
  });

  it('keeps an interactive transaction on one stream across requests until it commits', async () => {
    const { client, server } = await start();
    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO items (name) VALUES ('in-tx')");
    expect((await tx.execute('SELECT count(*) AS n FROM items')).rows[0]?.n).toBe(1);
    expect(await names(client)).toEqual([]);
    await tx.commit();

    expect(await names(client)).toEqual(['in-tx']);
    const transactionRequests = server.stats.perRequest.filter((report) => report.requests.includes('batch'));
    expect(transactionRequests.map((report) => report.requests)).toEqual([
      ['store_sql', 'batch'],
      ['store_sql', 'batch'],
    ]);
    expect(server.openStreams()).toBe(0);
  });

  it('lets an EXPLAIN inside a transaction leave its COMMIT working', async () => {
    const { client } = await start();
    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO items (name) VALUES ('explained')");
    const plan = await tx.execute('EXPLAIN QUERY PLAN SELECT * FROM items WHERE id = 1');
    expect(String(plan.rows[0]?.detail)).toContain('USING INTEGER PRIMARY KEY');
    await tx.commit();
    expect(await names(client)).toEqual(['explained']);
  });

  it('runs executeMultiple as one sequence request', async () => {
    const { client, server } = await start();
    await client.executeMultiple("INSERT INTO items (name) VALUES ('x'); INSERT INTO items (name) VALUES ('y');");
    expect(await names(client)).toEqual(['x', 'y']);
    expect(server.stats.perRequest[0]).toMatchObject({ requests: ['sequence', 'close'], statements: 1, rowsWritten: 2 });
  });

  it('expires an idle stream: its transaction rolls back and its next statement fails', async () => {
    const { client, server } = await start({ streamExpiryMs: 150 });
    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO items (name) VALUES ('lost')");
    await sleep(300);

    const error = await failure(tx.execute('SELECT 1'));
    expect(error.code).toBe('STREAM_EXPIRED');
    expect(error.message).toContain('The stream has expired due to inactivity');
    expect(await names(client)).toEqual([]);
    expect(server.openStreams()).toBe(0);
  });

  it('makes a second writer wait for the first rather than fail', async () => {
    const { client } = await start({ lockStealMs: 2_000 });
    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO items (name) VALUES ('first')");
    const started = Date.now();
    const second = client.execute("INSERT INTO items (name) VALUES ('second')");
    await sleep(100);
    await tx.commit();
    await second;

    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await names(client)).toEqual(['first', 'second']);
  });

  it('steals the write lock from a holder past lockStealMs: the holder fails, the waiting writer succeeds', async () => {
    const { client } = await start({ lockStealMs: 200 });
    const tx = await client.transaction('write');
    const locked = Date.now();
    await tx.execute("INSERT INTO items (name) VALUES ('holder')");
    await client.execute("INSERT INTO items (name) VALUES ('waiter')");
    expect(Date.now() - locked).toBeGreaterThanOrEqual(190);

    const error = await failure(tx.execute("INSERT INTO items (name) VALUES ('holder again')"));
    expect(error.code).toBe('TRANSACTION_TIMEOUT');
    expect(error.message).toContain('Transaction timed out');
    tx.close();
    expect(await names(client)).toEqual(['waiter']);
  });

  it('times out a holder past lockStealMs at its next statement even when nobody waits, as sqld does', async () => {
    const { client } = await start({ lockStealMs: 100 });
    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO items (name) VALUES ('slow')");
    await sleep(200);

    expect((await failure(tx.commit())).code).toBe('TRANSACTION_TIMEOUT');
    expect(await names(client)).toEqual([]);
  });

  it('refuses a result past maxResponseBytes', async () => {
    const { client } = await start({ maxResponseBytes: 2_000 });
    const inserted = await client.execute(
      'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20) INSERT INTO items (name) SELECT i || hex(zeroblob(50)) FROM n',
    );
    expect(inserted.rowsAffected).toBe(20);

    const error = await failure(client.execute('SELECT name FROM items'));
    expect(error.code).toBe('RESPONSE_TOO_LARGE');
    expect((await client.execute('SELECT count(*) AS n FROM items')).rows[0]?.n).toBe(20);
  });

  it('drops a connection before or after executing; the client gets an error and the server stays usable', async () => {
    const { client, server } = await start();
    server.dropNext(1, 'after');
    await expect(client.execute("INSERT INTO items (name) VALUES ('ran')")).rejects.toThrow();
    server.dropNext(1, 'before');
    await expect(client.execute("INSERT INTO items (name) VALUES ('never ran')")).rejects.toThrow();

    expect(await names(client)).toEqual(['ran']);
    expect(server.stats.perRequest.map((report) => report.dropped)).toEqual(['after', 'before', null]);
  });

  it('keeps the write lock of a transaction whose answer was lost until lockStealMs, as sqld does', async () => {
    const { client, server } = await start({ lockStealMs: 400 });
    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO items (name) VALUES ('before the drop')");
    server.dropNext(1, 'after');
    await expect(tx.execute("INSERT INTO items (name) VALUES ('answer lost')")).rejects.toThrow();
    const started = Date.now();
    await client.execute("INSERT INTO items (name) VALUES ('next writer')");

    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(await names(client)).toEqual(['next writer']);
    // The client's close carried the baton it had, which the server had already replaced.
    expect(server.openStreams()).toBe(1);
  });

  it('adds latencyMs to every request', async () => {
    const { client } = await start({ latencyMs: 60 });
    let started = Date.now();
    await client.execute('SELECT 1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);

    started = Date.now();
    const tx = await client.transaction('write');
    await tx.execute('SELECT 1');
    await tx.execute('SELECT 2');
    await tx.commit();
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 55);
  });

  it('counts requests, statements, rows read and rows written (triggers included)', async () => {
    const { client, server } = await start();
    await client.execute('CREATE TABLE log (item TEXT)');
    await client.execute('CREATE TRIGGER items_log AFTER INSERT ON items BEGIN INSERT INTO log VALUES (new.name); END');
    server.reset();

    await client.batch(
      ['a', 'b', 'c'].map((name) => ({ sql: 'INSERT INTO items (name) VALUES (?)', args: [name] })),
      'write',
    );
    await client.execute('SELECT name FROM items');

    const [batch, select] = server.stats.perRequest;
    // BEGIN IMMEDIATE, three inserts, COMMIT; the ROLLBACK step did not run.
    expect(batch).toMatchObject({ path: '/v2/pipeline', requests: ['store_sql', 'batch', 'close'], statements: 5, rowsWritten: 6 });
    expect(select).toMatchObject({ requests: ['execute', 'close'], statements: 1, rowsRead: 3, rowsWritten: 0 });
    expect(server.stats).toMatchObject({ requests: 2, statements: 6, rowsRead: 3, rowsWritten: 6 });
    server.reset();
    expect(server.stats).toMatchObject({ requests: 0, statements: 0, rowsRead: 0, rowsWritten: 0, perRequest: [] });
  });

  it('serves drizzle: inserts with returning, a transaction and a batch', async () => {
    const { client } = await start();
    const items = sqliteTable('items', { id: integer('id').primaryKey(), name: text('name').notNull() });
    const db = drizzle(client);

    const [created] = await db.insert(items).values({ name: 'drizzled' }).returning();
    expect(created).toEqual({ id: 1, name: 'drizzled' });
    await db.transaction(async (tx) => {
      await tx.update(items).set({ name: 'renamed' }).where(eq(items.id, 1));
      await tx.insert(items).values({ name: 'second' });
    });
    const [, rows] = await db.batch([db.insert(items).values({ name: 'third' }), db.select().from(items).orderBy(items.id)]);
    expect(rows.map((row) => row.name)).toEqual(['renamed', 'second', 'third']);
  });

  it('writes to the file it was given', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'libsql-server-test-'));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    const server = await startLibsqlServer({ path: path.join(folder, 'given.db') });
    cleanups.push(() => server.close());
    const remote = createClient({ url: server.url });
    cleanups.push(() => remote.close());
    await remote.execute('CREATE TABLE kv (k TEXT)');
    await remote.execute("INSERT INTO kv VALUES ('on disk')");

    const local = createClient({ url: `file:${server.path}` });
    cleanups.push(() => local.close());
    expect((await local.execute('SELECT k FROM kv')).rows[0]?.k).toBe('on disk');
  });
});

describe('the libSQL stand-in on the wire', () => {
  async function pipeline(server: LibsqlServer, version: 'v2' | 'v3', body: unknown): Promise<Response> {
    return fetch(`${server.url}/${version}/pipeline`, { method: 'POST', body: JSON.stringify(body) });
  }

  it('offers JSON v2 and v3 but no protobuf, so a v3 client falls back to /v2/pipeline', async () => {
    const { server } = await start();
    expect((await fetch(`${server.url}/v2`)).status).toBe(200);
    expect((await fetch(`${server.url}/v3`)).status).toBe(200);
    expect((await fetch(`${server.url}/v3-protobuf`)).status).toBe(404);
  });

  it('hands out a new baton per answer, refuses a used one and answers get_autocommit on v3 only', async () => {
    const { server } = await start();
    const begin = { type: 'execute', stmt: { sql: 'BEGIN', args: [], named_args: [], want_rows: false } };
    const opened = (await (await pipeline(server, 'v3', { requests: [begin, { type: 'get_autocommit' }] })).json()) as {
      baton: string;
      results: { response: { is_autocommit?: boolean } }[];
    };
    expect(opened.results[1]?.response.is_autocommit).toBe(false);

    const next = (await (await pipeline(server, 'v3', { baton: opened.baton, requests: [{ type: 'get_autocommit' }] })).json()) as {
      baton: string;
    };
    expect(next.baton).not.toBe(opened.baton);
    const reused = await pipeline(server, 'v3', { baton: opened.baton, requests: [] });
    expect([reused.status, await reused.text()]).toEqual([400, 'Received a baton that has already been used']);

    const v2 = await pipeline(server, 'v2', { requests: [{ type: 'get_autocommit' }] });
    expect(v2.status).toBe(400);
    expect(await v2.text()).toContain('only supported in protocol version hrana3');
  });
});

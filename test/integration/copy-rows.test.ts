/**
 * copyRows (db/copy-rows.ts) parses `COPY … TO STDOUT` text into the rows postgres.js itself hands
 * for the same query on a transaction's connection (drizzle's parsers: dates and timestamps as
 * text), escapes and multi-byte characters across chunks included; a reader that stops early or a
 * statement that fails mid-stream leaves the connection working.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rawSql, type Sql } from '../../src/db/client';
import { type CopyColumn, copyRows, rowsOfChunks, unescapeCopyText } from '../../src/db/copy-rows';
import { createTestDb, type TestDb } from '../helpers/db';

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb(4);
});
afterAll(async () => {
  await t.drop();
});

async function all(sql: Sql, text: string, columns: readonly CopyColumn[]) {
  const rows: unknown[][] = [];
  let batches = 0;
  for await (const batch of copyRows(sql, text, columns)) {
    batches++;
    rows.push(...batch);
  }
  return { rows, batches };
}

const TRICKY = `select * from (values
  (1, 'tab\there', 'line\nbreak\r\nend', 'back\\\\slash \\N', true, date '2026-01-31',
    timestamptz '2026-03-01 08:00:00.123+08', null::int, ''),
  (-2147483648, '中文 😀 ÿ', E'\\b\\f\\v\\x01', null, false, null, null, 2147483647, null),
  (0, '\\N', 'N', '\\', null, date '1999-12-31', timestamptz '2000-01-01 00:00+00', -7, ' '))
  v(i, a, b, c, d, e, f, g, h) order by i`;
const TRICKY_COLUMNS: CopyColumn[] = ['int', 'text', 'text', 'text', 'bool', 'text', 'text', 'int', 'text'];

it('gives the rows postgres.js gives for the same query: escapes, nulls, ints, booleans, dates', async () => {
  await t.db.transaction(async (tx) => {
    const sql = rawSql(tx);
    const expected = await sql.unsafe(TRICKY).values();
    expect(expected.length).toBe(3);
    const { rows } = await all(sql, TRICKY, TRICKY_COLUMNS);
    expect(rows).toEqual(expected.map((r) => [...r]));
    // The escaped characters came through as themselves.
    expect(rows.some((r) => r.includes('tab\there'))).toBe(true);
    expect(rows.some((r) => r.includes('\\'))).toBe(true);
    expect(rows.some((r) => r.includes('\\N'))).toBe(true);
  });
});

it('reads long results whose multi-byte text spans many chunks', async () => {
  const text = `select i, repeat('考核' || i::text || E'\\t', 1 + i % 7) as s, i % 3 = 0 as b
    from generate_series(1, 30000) i order by i`;
  await t.db.transaction(async (tx) => {
    const sql = rawSql(tx);
    const expected = await sql.unsafe(text).values();
    const { rows, batches } = await all(sql, text, ['int', 'text', 'bool']);
    expect(batches).toBeGreaterThan(5);
    expect(rows.length).toBe(30000);
    expect(rows).toEqual(expected.map((r) => [...r]));
  });
});

it('a slow reader that reads to the end leaves the connection ready for the next statement', async () => {
  // The end of the COPY arrives while the stream is full: postgres.js's socket is paused then.
  for (let round = 0; round < 3; round++) {
    await t.db.transaction(async (tx) => {
      const sql = rawSql(tx);
      let n = 0;
      const text = `select i, repeat('考', 300) from generate_series(1, 20000) i`;
      for await (const batch of copyRows(sql, text, ['int', 'text'])) {
        n += [...batch].length;
        await new Promise((r) => setTimeout(r, 1));
      }
      expect(n).toBe(20000);
      const [r] = await sql`select 40 + 2 as n`;
      expect(r!.n).toBe(42);
    });
  }
}, 20_000);

it('a reader that stops early leaves the connection ready for the next statement', async () => {
  await t.db.transaction(async (tx) => {
    const sql = rawSql(tx);
    for await (const batch of copyRows(sql, 'select i from generate_series(1, 200000) i', ['int'])) {
      expect([...batch].length).toBeGreaterThan(0);
      break;
    }
    const [r] = await sql`select 41 + 1 as n`;
    expect(r!.n).toBe(42);
  });
  const [r] = await t.sql`select 1 as one`;
  expect(r!.one).toBe(1);
});

it('a statement failing mid-stream rejects, and the pool still works', async () => {
  const failing = 'select 1 / (i - 50000) from generate_series(1, 60000) i';
  await expect(
    t.db.transaction(async (tx) => {
      await all(rawSql(tx), failing, ['int']);
    }),
  ).rejects.toThrow(/division by zero/);
  const [r] = await t.sql`select 2 as two`;
  expect(r!.two).toBe(2);
});

it('refuses a row whose field count is not the columns given', async () => {
  await t.db.transaction(async (tx) => {
    await expect(all(rawSql(tx), 'select 1, 2', ['int'])).rejects.toThrow(/2 fields, expected 1/);
    const [r] = await rawSql(tx)`select 3 as three`;
    expect(r!.three).toBe(3);
  });
});

it('joins rows split across chunks anywhere, inside a character too', async () => {
  const text = '1\t考核 😀\t\\N\n2\t\\t\\\\x\tt\n';
  const bytes = Buffer.from(text, 'utf8');
  const columns: CopyColumn[] = ['int', 'text', 'text'];
  const whole = [
    [1, '考核 😀', null],
    [2, '\t\\x', 't'],
  ];
  for (let cut = 0; cut <= bytes.length; cut++) {
    async function* chunks() {
      yield bytes.subarray(0, cut);
      yield bytes.subarray(cut);
    }
    const rows: unknown[][] = [];
    for await (const batch of rowsOfChunks(chunks(), columns)) rows.push(...batch);
    expect(rows).toEqual(whole);
  }
  async function* cutShort() {
    yield bytes.subarray(0, bytes.length - 1);
  }
  await expect(async () => {
    for await (const batch of rowsOfChunks(cutShort(), columns)) [...batch];
  }).rejects.toThrow(/inside a row/);
});

it('unescapes octal and hex escapes as PostgreSQL reads them', () => {
  expect(unescapeCopyText('a\\101\\x42\\7c')).toBe('aAB\x07c');
  expect(unescapeCopyText('\\q\\\\')).toBe('q\\');
  expect(unescapeCopyText('plain')).toBe('plain');
});

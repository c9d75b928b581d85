/**
 * Keyset paging by id, newest first (domain/list-page), for lists other than the contract lists:
 * the edge condition and the 上一页 probe of a cursor, and the page with its edges once fetched.
 */
import { asc, desc, gt, lt, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { type Cursor, checkCursor, cutPage } from '../domain/list-page';

/**
 * What a query of `size + 1` rows in the direction of travel needs: the edge (`where`), the order,
 * and `behind`, an aggregate to read with the count (whether matching rows lie behind the cursor).
 */
export function keyset(id: AnyPgColumn, cursor: Cursor) {
  const c = checkCursor(cursor);
  const edge: SQL | undefined =
    c.after !== undefined ? lt(id, c.after) : c.before !== undefined ? gt(id, c.before) : undefined;
  const behind =
    c.after !== undefined
      ? sql<boolean>`coalesce(bool_or(${id} >= ${c.after}), false)`
      : c.before !== undefined
        ? sql<boolean>`coalesce(bool_or(${id} <= ${c.before}), false)`
        : sql<boolean>`false`;
  return { cursor: c, edge, behind, order: c.before !== undefined ? asc(id) : desc(id) };
}

/** The page cut from the fetched rows, newest first, with the ids 上一页 / 下一页 carry when there is such a page. */
export function keysetPage<T extends { id: number }>(fetched: T[], size: number, c: Cursor, behind: boolean) {
  const { rows, more } = cutPage(fetched, size, c);
  const hasNewer = c.before !== undefined ? more : behind;
  const hasOlder = c.before !== undefined ? behind : more;
  const first = rows[0];
  const last = rows.at(-1);
  return {
    rows,
    ...(hasNewer && first ? { newer: first.id } : {}),
    ...(hasOlder && last ? { older: last.id } : {}),
  };
}

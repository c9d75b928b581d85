import { and, asc, desc, eq, gt, ilike, lt, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { budgetLines, contracts, procurements, purchaseRequests, units, vendors } from '../../db/schema';
import { type Cursor, checkCursor, cutPage, LIST_PAGE_SIZE, likeContains } from '../../domain/list-page';
import { parseRequestRef, type RequestFilter } from '../../domain/request-list-filter';

/** The year a request was filed: its filing day's year in Asia/Shanghai. */
export const filingYear = sql<number>`extract(year from ${purchaseRequests.createdAt} at time zone 'Asia/Shanghai')::int`;

/** A request as the request lists read it: with its unit, budget line, procurement and contract if any. */
const columns = {
  r: purchaseRequests,
  unit: units.name,
  line: { fiscalYear: budgetLines.fiscalYear, category: budgetLines.category, name: budgetLines.name },
  procurementId: procurements.id,
  vendor: vendors.name,
  contractId: contracts.id,
  signedOn: contracts.signedOn,
  term: {
    status: contracts.status,
    startsOn: contracts.startsOn,
    endsOn: contracts.endsOn,
    endedOn: contracts.endedOn,
  },
};

/** Requests with what the lists show and search: one procurement and one contract at most each. */
function listRows(db: DbOrTx) {
  return db
    .select(columns)
    .from(purchaseRequests)
    .innerJoin(units, eq(units.id, purchaseRequests.unitId))
    .innerJoin(budgetLines, eq(budgetLines.id, purchaseRequests.budgetLineId))
    .leftJoin(procurements, eq(procurements.requestId, purchaseRequests.id))
    .leftJoin(vendors, eq(vendors.id, procurements.vendorId))
    .leftJoin(contracts, eq(contracts.procurementId, procurements.id));
}

/** How many rows `where` selects of {@link listRows}, and whether any of them is `behind` the cursor. */
function countRows(db: DbOrTx, behind: SQL, where: SQL | undefined) {
  return db
    .select({ n: sql<number>`count(*)::int`, behind: sql<boolean>`${behind}` })
    .from(purchaseRequests)
    .innerJoin(units, eq(units.id, purchaseRequests.unitId))
    .leftJoin(procurements, eq(procurements.requestId, purchaseRequests.id))
    .leftJoin(vendors, eq(vendors.id, procurements.vendorId))
    .leftJoin(contracts, eq(contracts.procurementId, procurements.id))
    .where(where);
}

/**
 * The year, unit and search of a filter as SQL: the search finds a request by its number (#12), a
 * contract by its number (HT-2026-0012), or the text in the request's description, its unit's name
 * or the vendor's name.
 */
function filterSql(f: RequestFilter<string>): SQL[] {
  const out: SQL[] = [];
  if (f.year) out.push(sql`${filingYear} = ${f.year}`);
  if (f.unit) out.push(eq(purchaseRequests.unitId, f.unit));
  if (f.q) {
    const like = likeContains(f.q);
    const ref = parseRequestRef(f.q);
    const byRef =
      ref === undefined
        ? undefined
        : 'request' in ref
          ? eq(purchaseRequests.id, ref.request)
          : and(eq(contracts.id, ref.contract), sql`substr(${contracts.signedOn}, 1, 4) = ${ref.year}`);
    out.push(
      or(
        byRef,
        ilike(purchaseRequests.description, like),
        ilike(vendors.name, like),
        ilike(units.name, like),
      )!,
    );
  }
  return out;
}

export type RequestListRow = Awaited<ReturnType<typeof listRows>>[number];

/**
 * One page of requests, newest first by id, from `cursor` (keyset, domain/list-page): `base` is the
 * list and the reader's scope (applied on every page, whoever's card the button came from), `status`
 * the list's own status filter as SQL. `total` counts every matching row, `newer` / `older` are the
 * cursors of 上一页 / 下一页 when such rows exist, `years` the filing years within `base`.
 */
export async function pageOfRequests(
  db: DbOrTx,
  page: {
    base: SQL[];
    status: SQL | undefined;
    filter: RequestFilter<string>;
    cursor: Cursor;
    size?: number;
  },
) {
  const { base, status, filter, cursor, size = LIST_PAGE_SIZE } = page;
  const c = checkCursor(cursor);
  const where = [...base, status, ...filterSql(filter)].filter((x): x is SQL => x !== undefined);
  const id = purchaseRequests.id;
  const edge =
    c.after !== undefined ? lt(id, c.after) : c.before !== undefined ? gt(id, c.before) : undefined;
  // Whether matching rows lie behind the cursor, read with the count (see contracts/view).
  const behind =
    c.after !== undefined
      ? sql`coalesce(bool_or(${id} >= ${c.after}), false)`
      : c.before !== undefined
        ? sql`coalesce(bool_or(${id} <= ${c.before}), false)`
        : sql`false`;
  const [fetched, [count], years] = await Promise.all([
    listRows(db)
      .where(and(...where, edge))
      .orderBy(c.before !== undefined ? asc(id) : desc(id))
      .limit(size + 1),
    countRows(db, behind, and(...where)),
    db
      .selectDistinct({ y: filingYear })
      .from(purchaseRequests)
      .where(and(...base))
      .orderBy(desc(filingYear))
      .limit(10),
  ]);
  const hasBehind = count?.behind === true;
  const { rows, more } = cutPage(fetched, size, c);
  const first = rows[0];
  const last = rows.at(-1);
  const hasNewer = c.before !== undefined ? more : hasBehind;
  const hasOlder = c.before !== undefined ? hasBehind : more;
  return {
    rows,
    total: count?.n ?? 0,
    newer: hasNewer && first ? first.r.id : undefined,
    older: hasOlder && last ? last.r.id : undefined,
    years: years.map((y) => Number(y.y)).filter((y) => y >= 2000 && y <= 2100),
  };
}

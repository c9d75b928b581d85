/**
 * The contract-based lists (合同管理, 结算审核, 专项督查): their rows, their filter as SQL, the filter
 * card's options, and a page by keyset within the reader's scope (domain/list-page).
 */
import { and, asc, desc, eq, gt, ilike, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { contracts, purchaseRequests, units, vendors } from '../../db/schema';
import type { Actor } from '../../domain/actor';
import { contractNumber, parseContractRef, termText } from '../../domain/contract-format';
import { contractStatusLabel } from '../../domain/contract-status';
import {
  type ContractFilter,
  type Cursor,
  checkCursor,
  cutPage,
  LIST_PAGE_SIZE,
  likeContains,
} from '../../domain/list-page';
import { standingSql } from './standing';

/** The columns of a contract list row (the contract, settlement and inspection lists share them). */
const listColumns = {
  id: contracts.id,
  signedOn: contracts.signedOn,
  unit: units.name,
  vendor: vendors.name,
  amountFen: contracts.amountFen,
  startsOn: contracts.startsOn,
  endsOn: contracts.endsOn,
  status: contracts.status,
  endedOn: contracts.endedOn,
};

/** Contracts as list rows, with their unit and vendor: the query each list narrows. */
function listRows(db: DbOrTx) {
  return db
    .select(listColumns)
    .from(contracts)
    .innerJoin(units, eq(units.id, contracts.unitId))
    .innerJoin(vendors, eq(vendors.id, contracts.vendorId));
}

type ListRow = Awaited<ReturnType<typeof listRows>>[number];

/** A list row as the lists show it: its number, its term and the status its dates give on `today`. */
export function listed(c: ListRow, today: string) {
  return {
    id: c.id,
    number: contractNumber(c),
    unit: c.unit,
    vendor: c.vendor,
    amountFen: c.amountFen,
    term: termText(c),
    status: contractStatusLabel(c, today),
  };
}

/**
 * The filter as SQL: the status its dates give on `today` (domain/contract-status: terminated from
 * the termination's day, else by the term), the year it was signed (its number's year), its unit and
 * vendor, its standing (a running contract graded as 合同态势 grades it), and a search by contract
 * number (HT-2026-0012, #12) or by name (the service, the vendor or the unit).
 */
function filterSql(f: ContractFilter, today: string): SQL[] {
  const out: SQL[] = [];
  const ended = sql`(${contracts.status} in ('terminating', 'terminated') and coalesce(${contracts.endedOn}, '0000-01-01') <= ${today})`;
  if (f.status === 'terminated') out.push(ended);
  else if (f.status === 'not_started') out.push(sql`not ${ended} and ${contracts.startsOn} > ${today}`);
  else if (f.status === 'expired')
    out.push(sql`not ${ended} and ${contracts.startsOn} <= ${today} and ${contracts.endsOn} < ${today}`);
  else if (f.status === 'running')
    out.push(sql`not ${ended} and ${contracts.startsOn} <= ${today} and ${contracts.endsOn} >= ${today}`);
  if (f.year) out.push(sql`substr(${contracts.signedOn}, 1, 4) = ${String(f.year)}`);
  if (f.unit) out.push(eq(contracts.unitId, f.unit));
  if (f.vendor) out.push(eq(contracts.vendorId, f.vendor));
  // A standing is a running contract's (合同态势 counts those only): running as the status filter
  // says, and graded as the standing card grades it.
  if (f.standing) {
    if (f.status !== 'running')
      out.push(sql`not ${ended} and ${contracts.startsOn} <= ${today} and ${contracts.endsOn} >= ${today}`);
    out.push(sql`${standingSql(today)} = ${f.standing}`);
  }
  if (f.q) {
    const like = likeContains(f.q);
    const ref = parseContractRef(f.q);
    const byRef = ref
      ? and(
          eq(contracts.id, ref.id),
          ref.year ? sql`substr(${contracts.signedOn}, 1, 4) = ${ref.year}` : undefined,
        )
      : undefined;
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

/** The most (year, unit, vendor) groups read for the filter's choices: a zone has far fewer. */
const CHOICE_GROUPS = 5000;
/** Years offered by the filter, newest first. */
const YEARS_OFFERED = 10;
/**
 * Units and vendors offered by the filter's selects, those with the most contracts first: every
 * option counts against a card's 200 elements beside a page of 20 rows; the search finds the others
 * by name.
 */
export const CHOICES_OFFERED = 10;

type ChoiceGroup = { y: string; unitId: number; unit: string; vendorId: number; vendor: string; n: number };

/** The filter's options from the reader's (year, unit, vendor) groups. */
function filterChoices(groups: ChoiceGroup[]) {
  const years = [...new Set(groups.map((g) => Number(g.y)))]
    .filter((y) => y >= 2000 && y <= 2100)
    .sort((a, b) => b - a)
    .slice(0, YEARS_OFFERED);
  const tally = (key: 'unit' | 'vendor') => {
    const m = new Map<number, { id: number; name: string; n: number }>();
    for (const g of groups) {
      const id = key === 'unit' ? g.unitId : g.vendorId;
      const e = m.get(id) ?? { id, name: key === 'unit' ? g.unit : g.vendor, n: 0 };
      e.n += g.n;
      m.set(id, e);
    }
    return [...m.values()];
  };
  const most = (a: { n: number; id: number }, b: { n: number; id: number }) => b.n - a.n || a.id - b.id;
  const offered = (all: { id: number; name: string }[]) =>
    all.slice(0, CHOICES_OFFERED).map(({ id, name }) => ({ id, name }));
  const units = tally('unit').sort(most);
  const vendors = tally('vendor').sort(most);
  return {
    years,
    units: offered(units),
    unitCount: units.length,
    vendors: offered(vendors),
    vendorCount: vendors.length,
  };
}

/** Who may read which contracts, as SQL (see {@link assertCanSee}); undefined: the whole zone. */
function visibleScope(actor: Actor): SQL | undefined {
  const scopes = actor.grants.map((g) => g.unitId);
  if (scopes.includes(null)) return undefined;
  const ids = scopes.filter((u): u is number => u !== null);
  const named = sql`(${contracts.leaderId} = ${actor.personId} or exists (select 1 from contract_assessors ca where ca.contract_id = ${contracts.id} and ca.person_id = ${actor.personId}))`;
  return or(ids.length ? inArray(contracts.unitId, ids) : sql`false`, named);
}

/**
 * One page of the contracts the actor may read, newest first, narrowed by `filter`, from `cursor`
 * (domain/list-page): the reader's scope is applied on every page, so a cursor from someone else's
 * card shows only what the clicker may see. `total` counts every matching row; `newer` / `older`
 * are the cursors of 上一页 / 下一页 when such rows exist.
 */
export function contractPage(db: DbOrTx, actor: Actor, page: ContractPageAsk) {
  return pageOfContracts(db, visibleScope(actor), page);
}

/**
 * `size`: rows a page. `choices`: read the filter card's options (every year, unit and vendor of the
 * reader's contracts, a grouped read of them all); without it only the names of the unit and vendor
 * chosen are read, which is what the list card shows.
 */
export type PageOptions = { size?: number; choices?: boolean };

/** Which page of a contract list: as of `today`, narrowed by `filter`, from `cursor`. */
export type ContractPageAsk = { today: string; filter: ContractFilter; cursor: Cursor } & PageOptions;

/** The unit or vendor chosen in the filter, by name, if the reader has a contract of it. */
async function chosenName(
  db: DbOrTx,
  scope: SQL | undefined,
  kind: 'unit' | 'vendor',
  id: number | undefined,
) {
  if (!id) return [];
  const [table, column] = kind === 'unit' ? [units, contracts.unitId] : [vendors, contracts.vendorId];
  return db
    .select({ id: table.id, name: table.name })
    .from(contracts)
    .innerJoin(table, eq(table.id, column))
    .where(and(scope, eq(column, id)))
    .limit(1);
}

/** One page of the contracts within `scope` (the reader's, as SQL; undefined: the whole zone). */
export async function pageOfContracts(
  db: DbOrTx,
  scope: SQL | undefined,
  { today, filter, cursor, ...opts }: ContractPageAsk,
) {
  const size = opts.size ?? LIST_PAGE_SIZE;
  const c = checkCursor(cursor);
  const where = [scope, ...filterSql(filter, today)].filter((x): x is SQL => x !== undefined);
  const edge =
    c.after !== undefined
      ? lt(contracts.id, c.after)
      : c.before !== undefined
        ? gt(contracts.id, c.before)
        : undefined;
  // Whether matching rows lie behind the cursor, read with the count (no extra query): the rows
  // newer than the first row of a page after `after` are those from `after` on, and likewise
  // before `before`.
  const behind =
    c.after !== undefined
      ? sql`coalesce(bool_or(${contracts.id} >= ${c.after}), false)`
      : c.before !== undefined
        ? sql`coalesce(bool_or(${contracts.id} <= ${c.before}), false)`
        : sql`false`;
  const [fetched, [count], groups, unit, vendor] = await Promise.all([
    listRows(db)
      .innerJoin(purchaseRequests, eq(purchaseRequests.id, contracts.requestId))
      .where(and(...where, edge))
      .orderBy(c.before !== undefined ? asc(contracts.id) : desc(contracts.id))
      .limit(size + 1),
    db
      .select({ n: sql<number>`count(*)::int`, behind: sql<boolean>`${behind}` })
      .from(contracts)
      .innerJoin(units, eq(units.id, contracts.unitId))
      .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
      .innerJoin(purchaseRequests, eq(purchaseRequests.id, contracts.requestId))
      .where(and(...where)),
    // The filter's choices: the years, units and vendors of the reader's contracts, one group each.
    opts.choices
      ? db
          .select({
            y: sql<string>`substr(${contracts.signedOn}, 1, 4)`,
            unitId: units.id,
            unit: units.name,
            vendorId: vendors.id,
            vendor: vendors.name,
            n: sql<number>`count(*)::int`,
          })
          .from(contracts)
          .innerJoin(units, eq(units.id, contracts.unitId))
          .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
          .where(scope)
          .groupBy(sql`1`, units.id, vendors.id)
          .limit(CHOICE_GROUPS)
      : Promise.resolve(undefined),
    opts.choices ? [] : chosenName(db, scope, 'unit', filter.unit),
    opts.choices ? [] : chosenName(db, scope, 'vendor', filter.vendor),
  ]);
  const hasBehind = count?.behind === true;
  const { rows, more } = cutPage(fetched, size, c);
  const first = rows[0];
  const last = rows.at(-1);
  const hasNewer = c.before !== undefined ? more : hasBehind;
  const hasOlder = c.before !== undefined ? hasBehind : more;
  return {
    rows: rows.map((r) => listed(r, today)),
    total: count?.n ?? 0,
    newer: hasNewer && first ? first.id : undefined,
    older: hasOlder && last ? last.id : undefined,
    ...(groups
      ? filterChoices(groups)
      : { years: [], units: unit, unitCount: unit.length, vendors: vendor, vendorCount: vendor.length }),
  };
}

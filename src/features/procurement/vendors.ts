import { and, asc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import type { VendorView } from '../../cards/vendor';
import type { DbOrTx, Tx } from '../../db/client';
import { units, vendorBans, vendors } from '../../db/schema';
import type { Actor } from '../../domain/actor';
import { DomainError } from '../../domain/errors';
import { CONTACT_NAME_MAX, charCount, tooLongRefusal, VENDOR_NAME_MAX } from '../../domain/form';
import { type Cursor, likeContains } from '../../domain/list-page';
import { checkUscc } from '../../domain/uscc';
import type { VendorFilter } from '../../domain/vendor-search';
import { keyset, keysetPage } from '../keyset';

export type Vendor = typeof vendors.$inferSelect;

/** Filers (of any unit) and finance register vendors; everyone known may read the list. */
export function mayRegisterVendor(actor: Actor): boolean {
  return actor.grants.some((g) => g.role === 'filer' || g.role === 'finance');
}

/** Vendors per page: each is one text block, and the registration form shares the card. */
export const VENDOR_PAGE_SIZE = 15;

function vendorWhere(f: VendorFilter): SQL | undefined {
  const like = f.q ? likeContains(f.q) : undefined;
  return and(
    like ? or(ilike(vendors.name, like), ilike(vendors.uscc, like)) : undefined,
    f.banned
      ? sql`exists (select 1 from vendor_bans b where b.vendor_id = ${vendors.id} and b.lifted_at is null)`
      : undefined,
  );
}

/**
 * One page of the vendor register, newest registered first (keyset by id, so vendors registered
 * while someone pages neither repeat nor skip), narrowed by `filter`, with the count of all that
 * match and each vendor's bans. The register is zone-wide (rule 10): every reader sees the same.
 */
export async function vendorPage(db: DbOrTx, filter: VendorFilter, cursor: Cursor, size = VENDOR_PAGE_SIZE) {
  const k = keyset(vendors.id, cursor);
  const where = vendorWhere(filter);
  const [fetched, [count]] = await Promise.all([
    db
      .select()
      .from(vendors)
      .where(and(where, k.edge))
      .orderBy(k.order)
      .limit(size + 1),
    db.select({ n: sql<number>`count(*)::int`, behind: k.behind }).from(vendors).where(where),
  ]);
  const page = keysetPage(fetched, size, k.cursor, count?.behind === true);
  return { ...page, rows: await withBans(db, page.rows), total: count?.n ?? 0 };
}

/** The vendors with their bidding bans (rule 10), newest year first. */
async function withBans(db: DbOrTx, all: Vendor[]): Promise<VendorView[]> {
  if (all.length === 0) return [];
  const bans = await db
    .select({ b: vendorBans, unit: units.name })
    .from(vendorBans)
    .innerJoin(units, eq(units.id, vendorBans.unitId))
    .where(
      inArray(
        vendorBans.vendorId,
        all.map((v) => v.id),
      ),
    )
    .orderBy(asc(vendorBans.vendorId), asc(vendorBans.year));
  return all.map((v) => ({
    ...v,
    bans: bans
      .filter((r) => r.b.vendorId === v.id)
      .map((r) => ({ year: r.b.year, unit: r.unit, category: r.b.category, reason: r.b.reason }))
      .sort((a, b) => b.year - a.year),
  }));
}

export interface VendorInput {
  name: string;
  uscc: string;
  contactName: string;
  contactPhone: string;
}

/** A phone as staff type it: digits with an optional +, spaces, dashes or an extension. */
const PHONE = /^\+?[\d\s-]{5,20}(转\d{1,6})?$/;

/** Every problem with the typed fields at once (each in Chinese, in form order), or the cleaned input. */
export function validateVendorInput(
  f: VendorInput,
): { ok: true; input: VendorInput } | { ok: false; error: string; errors: string[] } {
  const name = f.name.trim();
  const contactName = f.contactName.trim();
  const contactPhone = f.contactPhone.trim();
  const errors: string[] = [];
  if (!name) errors.push('请填写供应商名称');
  else if (charCount(name) > VENDOR_NAME_MAX)
    errors.push(tooLongRefusal('供应商名称', VENDOR_NAME_MAX, charCount(name)));
  const code = checkUscc(f.uscc);
  if (!code.ok) errors.push(code.message);
  if (!contactName) errors.push('请填写联系人');
  else if (charCount(contactName) > CONTACT_NAME_MAX)
    errors.push(tooLongRefusal('联系人', CONTACT_NAME_MAX, charCount(contactName)));
  if (contactPhone && !PHONE.test(contactPhone))
    errors.push('联系电话格式不正确,如 0512-57671234 或 13800000000');
  if (errors.length || !code.ok) return { ok: false, error: errors.join(';'), errors };
  return { ok: true, input: { name, uscc: code.code, contactName, contactPhone } };
}

/**
 * Registers a vendor once per code: a duplicate (typed now, or committed by a concurrent click)
 * is refused with the existing vendor's name and rolls the transaction back.
 */
export async function registerVendor(tx: Tx, actor: Actor, typed: VendorInput): Promise<Vendor> {
  if (!mayRegisterVendor(actor))
    throw new DomainError('not_vendor_registrar', '只有经办人或财政部门可以登记供应商');
  const checked = validateVendorInput(typed);
  if (!checked.ok) throw new DomainError('bad_vendor', checked.error);
  const input = checked.input;
  const [row] = await tx
    .insert(vendors)
    .values({ ...input, createdBy: actor.openId })
    .onConflictDoNothing({ target: vendors.uscc })
    .returning();
  if (!row) {
    const [existing] = await tx.select().from(vendors).where(eq(vendors.uscc, input.uscc));
    throw new DomainError(
      'duplicate_uscc',
      `统一社会信用代码 ${input.uscc} 已登记为供应商「${existing?.name ?? ''}」,无需重复登记`,
    );
  }
  await appendAudit(tx, {
    aggregateType: 'vendor',
    aggregateId: row.id,
    actor: actor.openId,
    action: 'vendor.registered',
    data: { name: row.name, uscc: row.uscc, contactName: row.contactName, contactPhone: row.contactPhone },
  });
  return row;
}

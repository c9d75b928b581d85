/**
 * The contract a history row names: its number as the bot shows it (`HT-2026-0012`) or the 采购编号
 * the contract was imported with (what the admin has before the contracts are in).
 */
import { eq, inArray, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { contracts, procurements, units, vendors } from '../../db/schema';
import { contractNumber, parseContractRef } from '../../domain/contract-format';

export type RefContract = typeof contracts.$inferSelect & { unitName: string; vendorName: string };

/** Every named contract found, by the text the rows typed. */
export async function contractsByRef(db: DbOrTx, typed: string[]): Promise<Map<string, RefContract>> {
  const texts = [...new Set(typed.filter(Boolean))];
  if (texts.length === 0) return new Map();
  const ids = texts.flatMap((t) => {
    const r = parseContractRef(t);
    return r ? [r.id] : [];
  });
  const rows = await db
    .select({ c: contracts, ref: procurements.referenceNo, unitName: units.name, vendorName: vendors.name })
    .from(contracts)
    .innerJoin(procurements, eq(procurements.id, contracts.procurementId))
    .innerJoin(units, eq(units.id, contracts.unitId))
    .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
    .where(or(inArray(procurements.referenceNo, texts), ids.length ? inArray(contracts.id, ids) : undefined));
  const found = new Map<string, RefContract>();
  for (const t of texts) {
    const r = parseContractRef(t);
    const hit =
      rows.find((x) => x.ref === t) ??
      (r ? rows.find((x) => x.c.id === r.id && (!r.year || x.c.signedOn.startsWith(r.year))) : undefined);
    if (hit) found.set(t, { ...hit.c, unitName: hit.unitName, vendorName: hit.vendorName });
  }
  return found;
}

export const refName = (c: RefContract) => `${contractNumber(c)}(${c.vendorName})`;

import { eq, inArray } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { vendors } from '../../db/schema';
import type { ImportKind, ImportRowError } from '../import-kind/kind';
import { sheetTable } from '../import-kind/kind';
import { type VendorInput, validateVendorInput } from './vendors';

type Row = VendorInput & { row: number };
type Plan = { create: Row[]; update: (Row & { id: number })[] };

const NAME = ['供应商名称', '供应商', '单位名称', 'name'];
const USCC = ['统一社会信用代码', '信用代码', 'uscc'];
const CONTACT = ['联系人', 'contact'];
const PHONE = ['联系电话', '电话', 'phone'];

/**
 * 供应商 through the chat: each row registers a vendor by its unified social credit code, checked as
 * the 登记供应商 form checks it (the code's check digit included). A code already registered with the
 * same name and contact is unchanged; with another name or contact it is updated (audited with both).
 * 联系人 may be left empty in a file (a list from last year's records rarely has one).
 */
export const vendorImportKind: ImportKind<Plan> = {
  key: 'vendors',
  label: '供应商',
  roles: ['admin', 'finance'],
  template: {
    sheet: '供应商',
    columns: [
      { header: '供应商名称', example: '苏州洁美物业管理有限公司', width: 30 },
      { header: '统一社会信用代码', example: '91320594MA1MXXQ50X', width: 24 },
      { header: '联系人', example: '王经理', width: 12 },
      { header: '联系电话', example: '0512-57671234', width: 16 },
    ],
  },
  // A file with 禁投年度 is last year's vendors with their bans (the history import), not this one.
  detect: (header) =>
    USCC.some((h) => header.includes(h)) &&
    NAME.some((h) => header.includes(h)) &&
    !header.includes('禁投年度'),
  async plan(db, rows) {
    const t = sheetTable(rows);
    const errors: ImportRowError[] = [];
    const valid: Row[] = [];
    const seen = new Map<string, number>();
    for (const r of t.records) {
      const contactName = r.cell(...CONTACT);
      // The form requires a contact; a file may leave it empty, so only a typed one is checked.
      const checked = validateVendorInput({
        name: r.cell(...NAME),
        uscc: r.cell(...USCC),
        contactName: contactName || '-',
        contactPhone: r.cell(...PHONE),
      });
      if (!checked.ok) {
        for (const message of checked.errors) errors.push({ row: r.row, message });
        continue;
      }
      const input = { ...checked.input, contactName: contactName ? checked.input.contactName : '' };
      const first = seen.get(input.uscc);
      if (first !== undefined) {
        errors.push({ row: r.row, message: `统一社会信用代码 ${input.uscc} 与第 ${first} 行重复` });
        continue;
      }
      seen.set(input.uscc, r.row);
      valid.push({ ...input, row: r.row });
    }
    if (t.records.length === 0) errors.push({ row: t.headerRow, message: '文件中没有供应商' });
    const existing = new Map(
      valid.length === 0
        ? []
        : (
            await db
              .select()
              .from(vendors)
              .where(
                inArray(
                  vendors.uscc,
                  valid.map((v) => v.uscc),
                ),
              )
          ).map((v) => [v.uscc, v]),
    );
    const plan: Plan = { create: [], update: [] };
    const adds: string[] = [];
    const changes: string[] = [];
    let unchanged = 0;
    for (const v of valid) {
      const old = existing.get(v.uscc);
      if (!old) {
        plan.create.push(v);
        adds.push(`第 ${v.row} 行:${v.name}(${v.uscc})`);
        continue;
      }
      const diff: string[] = [];
      if (old.name !== v.name) diff.push(`名称「${old.name}」改为「${v.name}」`);
      if (v.contactName && old.contactName !== v.contactName)
        diff.push(`联系人「${old.contactName}」改为「${v.contactName}」`);
      if (v.contactPhone && old.contactPhone !== v.contactPhone)
        diff.push(`联系电话「${old.contactPhone}」改为「${v.contactPhone}」`);
      if (diff.length === 0) unchanged++;
      else {
        plan.update.push({ ...v, id: old.id });
        changes.push(`第 ${v.row} 行:${v.uscc} ${diff.join(',')}`);
      }
    }
    return { adds, changes, unchanged, errors: errors.sort((a, b) => a.row - b.row), data: plan };
  },
  async apply(tx, plan, ctx) {
    const by = ctx.actor.openId;
    for (const v of plan.data.create) {
      const [row] = await tx
        .insert(vendors)
        .values({
          name: v.name,
          uscc: v.uscc,
          contactName: v.contactName,
          contactPhone: v.contactPhone,
          createdBy: by,
        })
        .onConflictDoNothing({ target: vendors.uscc })
        .returning();
      // Registered by someone else since the plan: throwing rolls the whole file back.
      if (!row) throw new Error(`row ${v.row}: vendor ${v.uscc} appeared during the import`);
      await appendAudit(tx, {
        aggregateType: 'vendor',
        aggregateId: row.id,
        actor: by,
        action: 'vendor.registered',
        data: {
          name: row.name,
          uscc: row.uscc,
          contactName: row.contactName,
          contactPhone: row.contactPhone,
          via: 'chat-import',
        },
      });
    }
    for (const v of plan.data.update) {
      const [old] = await tx.select().from(vendors).where(eq(vendors.id, v.id)).for('update');
      if (!old) throw new Error(`vendor ${v.id} vanished during the import`);
      const next = {
        name: v.name,
        contactName: v.contactName || old.contactName,
        contactPhone: v.contactPhone || old.contactPhone,
      };
      await tx.update(vendors).set(next).where(eq(vendors.id, v.id));
      await appendAudit(tx, {
        aggregateType: 'vendor',
        aggregateId: v.id,
        actor: by,
        action: 'vendor.updated',
        data: {
          uscc: old.uscc,
          before: { name: old.name, contactName: old.contactName, contactPhone: old.contactPhone },
          after: next,
          via: 'chat-import',
        },
      });
    }
    return {
      summary: `已登记 ${plan.data.create.length} 家供应商${plan.data.update.length ? `,更新 ${plan.data.update.length} 家` : ''}${plan.unchanged ? `,${plan.unchanged} 家已存在未变` : ''}`,
      counts: {
        created: plan.data.create.length,
        updated: plan.data.update.length,
        unchanged: plan.unchanged,
      },
    };
  },
};

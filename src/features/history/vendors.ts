/**
 * 供应商及禁投 (history import): vendors by their unified social credit code, each row optionally
 * with a bidding ban already decided before the zone used the bot (rule 10: the unit and service
 * category of the project, the year barred, the reason). A vendor already registered under the code
 * with the same name is unchanged (a vendor with several bans takes several rows); another name
 * under the code is refused. A ban already recorded is unchanged. Bans are for years up to this one:
 * a later year is decided by a year not yet over.
 */
import { eq } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import type { DbOrTx, Tx } from '../../db/client';
import { units, vendorBans, vendors } from '../../db/schema';
import { shanghaiYear } from '../../domain/business-date';
import { CATEGORY_HINT, CATEGORY_LABELS, parseCategory, type ServiceCategory } from '../../domain/categories';
import type { ImportContext, ImportPlan, ImportRow, TemplateColumn } from '../import-kind/kind';
import { validateVendorInput } from '../procurement/vendors';
import { historyActor } from './insert-contract';
import { auditHistoryImport, HISTORY_NOTE, sendHistorySummary } from './notice';
import { historyKind } from './run';
import { RowErrors, rowsByHeader, unitRefusal } from './sheet';

const COLUMNS: TemplateColumn[] = [
  { header: '供应商名称', example: '昆山市洁美物业管理有限公司', width: 28 },
  { header: '统一社会信用代码', example: '91320583MA1Y2C3D4Q', width: 22 },
  { header: '联系人', example: '周经理', width: 10 },
  { header: '联系电话', example: '0512-57671234', width: 14 },
  { header: '禁投单位', example: '', width: 12 },
  { header: '禁投类别', example: '', width: 10 },
  { header: '禁投年度', example: '', width: 10 },
  { header: '禁投原因', example: '', width: 30 },
];

type NewVendor = { name: string; uscc: string; contactName: string; contactPhone: string };
type NewBan = {
  uscc: string;
  unitId: number;
  unitName: string;
  category: ServiceCategory;
  year: number;
  reason: string;
};
export type VendorsPlan = { vendors: NewVendor[]; bans: NewBan[] };

export async function planVendors(
  db: DbOrTx,
  rows: ImportRow[],
  ctx: ImportContext,
): Promise<ImportPlan<VendorsPlan>> {
  const [known, unitRows, banRows] = await Promise.all([
    db.select().from(vendors),
    db.select({ id: units.id, code: units.code, name: units.name }).from(units),
    db
      .select({
        uscc: vendors.uscc,
        unitId: vendorBans.unitId,
        category: vendorBans.category,
        year: vendorBans.year,
      })
      .from(vendorBans)
      .innerJoin(vendors, eq(vendors.id, vendorBans.vendorId)),
  ]);
  const byCode = new Map(known.map((v) => [v.uscc, v]));
  const unitOf = new Map<string, { id: number; name: string }>();
  for (const u of unitRows) {
    unitOf.set(u.code, u);
    unitOf.set(u.name, u);
  }
  const banKey = (b: { uscc: string; unitId: number; category: string; year: number }) =>
    `${b.uscc}/${b.unitId}/${b.category}/${b.year}`;
  const bansKnown = new Set(banRows.map(banKey));
  const thisYear = shanghaiYear(ctx.now);
  const errors = new RowErrors();
  const plan: VendorsPlan = { vendors: [], bans: [] };
  const adds: string[] = [];
  let unchanged = 0;
  const inFile = new Map<string, NewVendor>();
  for (const r of rowsByHeader(rows)) {
    const bad = (m: string) => errors.add(r.row, m);
    const checked = validateVendorInput({
      name: r.get('供应商名称'),
      uscc: r.get('统一社会信用代码'),
      contactName: r.get('联系人'),
      contactPhone: r.get('联系电话'),
    });
    if (!checked.ok) {
      for (const e of checked.errors) bad(e);
      continue;
    }
    const v = checked.input;
    const had = byCode.get(v.uscc) ?? inFile.get(v.uscc);
    if (had && had.name !== v.name) {
      bad(`统一社会信用代码 ${v.uscc} 已登记为供应商「${had.name}」,与本行名称「${v.name}」不一致`);
      continue;
    }
    let vendorFresh = false;
    if (!had) {
      inFile.set(v.uscc, v);
      plan.vendors.push(v);
      adds.push(`第${r.row}行 新增供应商:${v.name}(${v.uscc})`);
      vendorFresh = true;
    }
    const banCells = ['禁投单位', '禁投类别', '禁投年度'].map((h) => r.get(h));
    if (banCells.every((x) => x === '') && !r.get('禁投原因')) {
      if (!vendorFresh) unchanged++;
      continue;
    }
    const unit = unitOf.get(r.get('禁投单位'));
    if (!unit) bad(`禁投单位「${r.get('禁投单位')}」不存在(填写单位代码或名称)`);
    const outOfScope = unit && unitRefusal(ctx, historyVendorsKind.roles, unit);
    if (outOfScope) bad(outOfScope);
    const category = parseCategory(r.get('禁投类别'));
    if (!category) bad(`禁投类别「${r.get('禁投类别')}」无法识别,可填:${CATEGORY_HINT}`);
    const year = /^\d{4}$/.test(r.get('禁投年度')) ? Number(r.get('禁投年度')) : undefined;
    if (year === undefined) bad(`禁投年度「${r.get('禁投年度')}」应为四位年份,如 ${thisYear}`);
    else if (year > thisYear)
      bad(`禁投年度 ${year} 晚于本年度 ${thisYear}:该年度的禁投由 ${year - 1} 年度平均分在年度结束后评定`);
    const reason = r.get('禁投原因');
    if (reason.length < 4) bad('请填写禁投原因(至少4字,如上年度平均分)');
    if (!unit || outOfScope || !category || year === undefined || year > thisYear || reason.length < 4)
      continue;
    const ban = { uscc: v.uscc, unitId: unit.id, unitName: unit.name, category, year, reason };
    if (bansKnown.has(banKey(ban))) {
      if (!vendorFresh) unchanged++;
      continue;
    }
    bansKnown.add(banKey(ban));
    plan.bans.push(ban);
    adds.push(
      `第${r.row}行 禁投:${v.name} 不得参与${unit.name}${CATEGORY_LABELS[category]}项目 ${year} 年度投标(${reason})`,
    );
  }
  return {
    adds,
    changes: [],
    unchanged,
    errors: errors.list,
    notes: [HISTORY_NOTE],
    data: errors.ok ? plan : { vendors: [], bans: [] },
  };
}

export async function applyVendors(tx: Tx, plan: ImportPlan<VendorsPlan>, ctx: ImportContext) {
  const actor = historyActor(ctx.actor.openId);
  for (const v of plan.data.vendors) {
    const [row] = await tx
      .insert(vendors)
      .values({ ...v, createdBy: actor, createdAt: ctx.now })
      .returning();
    await appendAudit(tx, {
      aggregateType: 'vendor',
      aggregateId: row!.id,
      actor,
      action: 'vendor.imported',
      data: {
        name: v.name,
        uscc: v.uscc,
        contactName: v.contactName,
        contactPhone: v.contactPhone,
        history: true,
      },
      at: ctx.now,
    });
  }
  const lines = new Map<number, string[]>();
  for (const b of plan.data.bans) {
    const [v] = await tx.select().from(vendors).where(eq(vendors.uscc, b.uscc));
    const [ban] = await tx
      .insert(vendorBans)
      .values({
        vendorId: v!.id,
        unitId: b.unitId,
        category: b.category,
        year: b.year,
        reason: b.reason,
        createdBy: actor,
        createdAt: ctx.now,
      })
      .onConflictDoNothing()
      .returning();
    if (!ban) continue;
    await appendAudit(tx, {
      aggregateType: 'vendor',
      aggregateId: v!.id,
      actor,
      action: 'vendor_ban.imported',
      data: {
        ban: ban.id,
        unit: b.unitId,
        category: b.category,
        year: b.year,
        reason: b.reason,
        history: true,
      },
      at: ctx.now,
    });
    const l = `${v!.name} 不得参与${b.unitName}${CATEGORY_LABELS[b.category]}项目 ${b.year} 年度投标(${b.reason})`;
    lines.set(b.unitId, [...(lines.get(b.unitId) ?? []), l]);
  }
  const told = await sendHistorySummary(tx, { byUnit: lines, what: '供应商禁投记录', ctx });
  const counts = {
    vendors: plan.data.vendors.length,
    bans: plan.data.bans.length,
    unchanged: plan.unchanged,
    told,
  };
  await auditHistoryImport(tx, 'history_vendors', counts, ctx);
  return {
    summary: `已导入供应商 ${counts.vendors} 家、禁投记录 ${counts.bans} 条${plan.unchanged ? `,已存在未变 ${plan.unchanged} 行` : ''}`,
    counts,
  };
}

export const historyVendorsKind = historyKind<VendorsPlan>({
  key: 'history_vendors',
  label: '供应商及禁投',
  roles: ['admin'],
  columns: COLUMNS,
  headers: ['统一社会信用代码', '禁投年度'],
  plan: planVendors,
  apply: applyVendors,
});

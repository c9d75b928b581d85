/**
 * 历史合同 (history import): contracts already running when the zone starts with the bot, with the
 * payment schedule and clauses as signed (the policy's values where the file leaves a clause blank)
 * and the policy's rubric for the category. Checked against the order of dates (DOMAIN.md): the
 * award on or before the signing and today, the term starting no earlier than the award, a contract
 * signed after its term started (补签) with its reason. A contract already imported (same vendor and
 * 采购编号, same unit) is unchanged; anything else about it differing is refused, not overwritten.
 */
import { eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client';
import { loadPolicy } from '../../db/policy';
import { contracts, people, procurements, units, vendors } from '../../db/schema';
import { isRealDate, shanghaiDate } from '../../domain/business-date';
import { CATEGORY_HINT, CATEGORY_LABELS, parseCategory } from '../../domain/categories';
import { clausesFromPolicy, rubricTemplate } from '../../domain/clauses';
import { PROCUREMENT_METHODS, type ProcurementMethod } from '../../domain/contract';
import { lateSigningRule } from '../../domain/contract-form';
import { contractNumber } from '../../domain/contract-format';
import { formatYuan, parseAmount } from '../../domain/money';
import { METHODS } from '../../domain/purchase-fields';
import { parsePaymentSchedule } from '../../domain/schedule';
import { parseTenths } from '../../domain/score';
import { checkUscc } from '../../domain/uscc';
import type { ImportContext, ImportPlan, ImportRow, TemplateColumn } from '../import-kind/kind';
import { coverPastChases } from './engines';
import { type HistoricContract, historyActor, insertHistoricContract } from './insert-contract';
import { auditHistoryImport, HISTORY_NOTE, sendHistorySummary } from './notice';
import { historyKind } from './run';
import { RowErrors, rowsByHeader, unitRefusal } from './sheet';

const COLUMNS: TemplateColumn[] = [
  { header: '单位', example: 'asset', width: 12 },
  { header: '服务类别', example: '保洁', width: 10 },
  { header: '供应商统一社会信用代码', example: '91320583MA1Y2C3D4Q', width: 22 },
  { header: '合同金额(元)', example: '480000.00' },
  { header: '服务开始日期', example: '2026-01-01', width: 12 },
  { header: '服务结束日期', example: '2026-12-31', width: 12 },
  { header: '签订日期', example: '2025-12-25', width: 12 },
  { header: '成交日期', example: '2025-12-20', width: 12 },
  { header: '采购方式', example: '公开招标', width: 10 },
  { header: '采购平台', example: '苏州市公共资源交易平台', width: 22 },
  { header: '采购编号', example: 'KSGK-2025-1208', width: 16 },
  { header: '分管领导', example: '王建国', width: 10 },
  { header: '考核人', example: '张伟、黄海燕', width: 14 },
  {
    header: '付款计划',
    example:
      '第一季度,2026-03-31,120000;第二季度,2026-06-30,120000;第三季度,2026-09-30,120000;第四季度,2026-12-31,120000',
    width: 60,
  },
  { header: '服务要求', example: '办公区每日保洁两次,垃圾日产日清', width: 30 },
  { header: '补签原因', example: '', width: 16 },
  { header: '清退分数线', example: '80', width: 10 },
  { header: '禁投平均分线', example: '85', width: 12 },
  { header: '年度扣款上限(元)', example: '200000' },
];

export type ContractsPlan = { contracts: (HistoricContract & { row: number; label: string })[] };

type Lookups = {
  units: Map<string, { id: number; name: string }>;
  vendors: Map<string, { id: number; name: string }>;
  people: Map<string, { id: number }[]>;
  refs: Map<string, { contractId: number; signedOn: string; vendorId: number; unitId: number }>;
};

async function lookups(db: DbOrTx): Promise<Lookups> {
  const [u, v, p, r] = await Promise.all([
    db.select({ id: units.id, code: units.code, name: units.name }).from(units),
    db.select({ id: vendors.id, uscc: vendors.uscc, name: vendors.name }).from(vendors),
    db.select({ id: people.id, openId: people.openId, name: people.name }).from(people),
    db
      .select({
        ref: procurements.referenceNo,
        contractId: contracts.id,
        signedOn: contracts.signedOn,
        vendorId: contracts.vendorId,
        unitId: contracts.unitId,
      })
      .from(contracts)
      .innerJoin(procurements, eq(procurements.id, contracts.procurementId)),
  ]);
  const unitMap = new Map<string, { id: number; name: string }>();
  for (const x of u) {
    unitMap.set(x.code, x);
    unitMap.set(x.name, x);
  }
  const peopleMap = new Map<string, { id: number }[]>();
  for (const x of p) {
    peopleMap.set(x.openId, [x]);
    peopleMap.set(x.name, [...(peopleMap.get(x.name) ?? []), x]);
  }
  return {
    units: unitMap,
    vendors: new Map(v.map((x) => [x.uscc, x])),
    people: peopleMap,
    refs: new Map(r.map((x) => [x.ref, x])),
  };
}

const METHOD_BY_LABEL = new Map<string, ProcurementMethod>(
  PROCUREMENT_METHODS.flatMap((m) => [
    [m, m],
    [METHODS[m], m],
  ]),
);

export async function planContracts(
  db: DbOrTx,
  rows: ImportRow[],
  ctx: ImportContext,
): Promise<ImportPlan<ContractsPlan>> {
  const [l, policy] = await Promise.all([lookups(db), loadPolicy(db)]);
  const today = shanghaiDate(ctx.now);
  const errors = new RowErrors();
  const planned: ContractsPlan['contracts'] = [];
  const adds: string[] = [];
  let unchanged = 0;
  const seenRefs = new Set<string>();
  for (const r of rowsByHeader(rows)) {
    const bad = (m: string) => errors.add(r.row, m);
    const before = errors.list.length;
    const unit = l.units.get(r.get('单位'));
    if (!unit) bad(`单位「${r.get('单位')}」不存在(填写单位代码或名称)`);
    const outOfScope = unit && unitRefusal(ctx, historyContractsKind.roles, unit);
    if (outOfScope) bad(outOfScope);
    const category = parseCategory(r.get('服务类别'));
    if (!category) bad(`服务类别「${r.get('服务类别')}」无法识别,可填:${CATEGORY_HINT}`);
    const code = checkUscc(r.get('供应商统一社会信用代码'));
    const vendor = code.ok ? l.vendors.get(code.code) : undefined;
    if (!code.ok) bad(`供应商统一社会信用代码:${code.message}`);
    else if (!vendor) bad(`供应商 ${code.code} 尚未登记,请先导入供应商`);
    const amount = parseAmount(r.get('合同金额'));
    if (!amount.ok) bad(`合同金额:${amount.error}`);
    const dates = {
      startsOn: r.get('服务开始日期'),
      endsOn: r.get('服务结束日期'),
      signedOn: r.get('签订日期'),
      awardDate: r.get('成交日期'),
    };
    const names = {
      startsOn: '服务开始日期',
      endsOn: '服务结束日期',
      signedOn: '签订日期',
      awardDate: '成交日期',
    };
    const badDates = (Object.keys(dates) as (keyof typeof dates)[]).filter((k) => !isRealDate(dates[k]));
    for (const k of badDates) bad(`${names[k]}「${dates[k]}」不是真实日期,格式 YYYY-MM-DD`);
    if (badDates.length === 0) {
      // The order of dates (DOMAIN.md): award ≤ signing ≤ today, award ≤ term start ≤ term end.
      if (dates.awardDate > today) bad(`成交日期 ${dates.awardDate} 晚于今天 ${today}`);
      if (dates.signedOn > today) bad(`签订日期 ${dates.signedOn} 晚于今天 ${today}`);
      if (dates.signedOn < dates.awardDate) bad(`签订日期 ${dates.signedOn} 早于成交日期 ${dates.awardDate}`);
      if (dates.startsOn < dates.awardDate)
        bad(`服务开始日期 ${dates.startsOn} 早于成交日期 ${dates.awardDate}(合同期不得早于成交)`);
      if (dates.endsOn < dates.startsOn)
        bad(`服务结束日期 ${dates.endsOn} 早于服务开始日期 ${dates.startsOn}`);
      if (lateSigningRule(dates.signedOn, dates.startsOn, dates.endsOn) && r.get('补签原因').length < 4)
        bad(`签订日期 ${dates.signedOn} 晚于服务开始日期 ${dates.startsOn},属补签,请填写补签原因(至少4字)`);
    }
    const method = METHOD_BY_LABEL.get(r.get('采购方式') || '公开招标');
    if (!method) bad(`采购方式「${r.get('采购方式')}」无法识别,可填:${Object.values(METHODS).join('、')}`);
    const ref = r.get('采购编号');
    if (!ref) bad('请填写采购编号');
    else if (seenRefs.has(ref)) bad(`采购编号 ${ref} 在本文件中重复`);
    seenRefs.add(ref);
    const person = (name: string, what: string) => {
      const found = l.people.get(name) ?? [];
      if (found.length === 1) return found[0]!.id;
      bad(found.length ? `${what}「${name}」有重名,请填写其 open_id` : `${what}「${name}」不在人员名单中`);
      return undefined;
    };
    const leaderId = r.get('分管领导') ? person(r.get('分管领导'), '分管领导') : undefined;
    if (!r.get('分管领导')) bad('请填写分管领导');
    const assessorNames = r
      .get('考核人')
      .split(/[、,，;；\s]+/)
      .filter(Boolean);
    if (assessorNames.length === 0) bad('请填写至少一名考核人');
    const assessorIds = assessorNames.map((n) => person(n, '考核人'));
    const schedule = amount.ok
      ? parsePaymentSchedule(r.get('付款计划').replace(/[;；]/g, '\n'), amount.fen)
      : undefined;
    if (schedule && !schedule.ok) bad(schedule.error);
    if (schedule?.ok && badDates.length === 0)
      for (const p of schedule.periods)
        if (p.dueOn < dates.startsOn)
          bad(`付款计划「${p.label}」的付款日期 ${p.dueOn} 早于服务开始日期 ${dates.startsOn}`);
    const targets = r.get('服务要求');
    if (!targets) bad('请填写服务要求(履约目标)');
    // Clauses as signed: the policy's values, each replaced by the file's where it gives one.
    const clauses = clausesFromPolicy(policy);
    const tenths = (h: string) => {
      const t = r.get(h);
      if (!t) return undefined;
      const p = parseTenths(t, h);
      if (!p.ok || p.tenths > 1000) bad(p.ok ? `${h}须在0到100分之间` : p.error);
      return p.ok ? p.tenths : undefined;
    };
    const below = tenths('清退分数线');
    if (below !== undefined) clauses.termination.belowTenths = below;
    const bar = tenths('禁投平均分线');
    if (bar !== undefined) clauses.bidBan.annualAverageBelowTenths = bar;
    if (r.get('年度扣款上限')) {
      const cap = parseAmount(r.get('年度扣款上限'));
      if (!cap.ok) bad(`年度扣款上限:${cap.error}`);
      else clauses.deduction.annualCapFen = cap.fen.toString();
    }
    if (errors.list.length > before) continue;
    const existing = l.refs.get(ref);
    if (existing) {
      if (existing.vendorId === vendor!.id && existing.unitId === unit!.id) {
        unchanged++;
        continue;
      }
      bad(
        `采购编号 ${ref} 已登记为合同 ${contractNumber({ id: existing.contractId, signedOn: existing.signedOn })},供应商或单位不同`,
      );
      continue;
    }
    const c = {
      row: r.row,
      unitId: unit!.id,
      vendorId: vendor!.id,
      category: category!,
      amountFen: (amount as { fen: bigint }).fen,
      ...dates,
      method: method!,
      platform: r.get('采购平台') || '(历史导入未注明)',
      referenceNo: ref,
      // Who filed and signed it is not in the file: the importer recorded it, and is named so.
      filerId: ctx.actor.personId,
      leaderId: leaderId!,
      assessorIds: [...new Set(assessorIds as number[])],
      schedule: (schedule as { periods: HistoricContract['schedule'] }).periods,
      targets,
      rubric: rubricTemplate(policy, category!),
      clauses,
      policyVersion: policy.version,
      lateSigningReason: lateSigningRule(dates.signedOn, dates.startsOn, dates.endsOn)
        ? r.get('补签原因')
        : null,
      description: `${CATEGORY_LABELS[category!]}服务(历史合同导入)`,
      label: `${unit!.name} ${vendor!.name} ${CATEGORY_LABELS[category!]} ${dates.startsOn} 至 ${dates.endsOn},${formatYuan((amount as { fen: bigint }).fen)}(采购编号 ${ref})`,
    };
    planned.push(c);
    adds.push(`第${r.row}行 新增合同:${c.label}`);
  }
  return {
    adds,
    changes: [],
    unchanged,
    errors: errors.list,
    notes: [HISTORY_NOTE],
    data: { contracts: errors.ok ? planned : [] },
  };
}

export async function applyContracts(tx: Tx, plan: ImportPlan<ContractsPlan>, ctx: ImportContext) {
  const actor = historyActor(ctx.actor.openId);
  const made: { id: number; signedOn: string; unitId: number; label: string }[] = [];
  for (const c of plan.data.contracts) {
    const { row: _row, label, ...input } = c;
    const done = await insertHistoricContract(tx, input, actor, ctx.now);
    const past = await coverPastChases(tx, { ...c, id: done.id, scoring: c.clauses.scoring }, actor, ctx.now);
    const unchased = past.length
      ? `;${past[0]} 至 ${past.at(-1)} 已过催办期限,不再逐月催办(评分可通过历史月度考核导入)`
      : '';
    made.push({ ...done, unitId: c.unitId, label: label + unchased });
  }
  const byUnit = new Map<number, string[]>();
  for (const m of made)
    byUnit.set(m.unitId, [...(byUnit.get(m.unitId) ?? []), `${contractNumber(m)} ${m.label}`]);
  const told = await sendHistorySummary(tx, { byUnit, what: '历史合同', ctx });
  const counts = { contracts: made.length, unchanged: plan.unchanged, told };
  await auditHistoryImport(tx, 'history_contracts', counts, ctx);
  return {
    summary: `已导入历史合同 ${made.length} 份${plan.unchanged ? `,已存在未变 ${plan.unchanged} 份` : ''}:${made.map((m) => contractNumber(m)).join('、') || '无'}`,
    counts,
  };
}

export const historyContractsKind = historyKind<ContractsPlan>({
  key: 'history_contracts',
  label: '历史合同',
  roles: ['admin'],
  columns: COLUMNS,
  headers: ['采购编号', '付款计划', '服务开始日期'],
  plan: planContracts,
  apply: applyContracts,
});

/**
 * 历史月度考核 (history import): past monthly scores with both lines (日常考核, 管理考核), the final
 * score computed with the contract's own weights (a 最终得分 typed in the file must agree with it).
 * A month outside the contract's term (or after its termination), a month not yet over or still in
 * its scoring window (its assessor types it), a month twice in the file are refused with the row. A month already scored the same way is unchanged; a
 * different score for it is refused (a correction goes through 月度考核, with its reason).
 * Applying writes each month as a current score (not 逾期补录: it is history), then lets the engines
 * see them as typed months without a notice for the past (engines.ts), and sends one summary.
 */

import { appendAudit } from '../../audit/append';
import type { DbOrTx, Tx } from '../../db/client';
import { rawSql } from '../../db/client';
import { monthlyScores } from '../../db/schema';
import { currentLinesOn } from '../../db/sql/scores';
import { shanghaiYear, yearOf } from '../../domain/business-date';
import { shanghaiDate } from '../../domain/calendar';
import type { RubricItem, ScoreDeduction } from '../../domain/contract';
import { monthOfDate } from '../../domain/months';
import { finalTenths, formatPoints, parseTenths } from '../../domain/score';
import { dueDate } from '../../domain/score-window';
import type { ImportContext, ImportPlan, ImportRow, TemplateColumn } from '../import-kind/kind';
import { lockContract } from '../scoring/access';
import { contractsByRef, type RefContract, refName } from './contract-ref';
import { judgeImportedYear, settleThresholds } from './engines';
import { historyActor } from './insert-contract';
import { auditHistoryImport, HISTORY_NOTE, sendHistorySummary } from './notice';
import { historyKind } from './run';
import { parseMonthCell, RowErrors, rowsByHeader, unitRefusal } from './sheet';

const COLUMNS: TemplateColumn[] = [
  { header: '合同(合同编号或采购编号)', example: 'KSGK-2025-1208', width: 18 },
  { header: '月份', example: '2026-01', width: 10 },
  { header: '日常考核得分', example: '92.5', width: 12 },
  { header: '管理考核得分', example: '90', width: 12 },
  { header: '最终得分', example: '', width: 10 },
];

/**
 * The imported daily line as rubric deductions (the file gives the line's score, not its items):
 * the points below 100 are taken from the contract's items in rubric order, each up to its maximum,
 * each noted as imported. So the month reads like a typed one everywhere deductions are shown, and a
 * later correction through 月度考核 starts from the same daily line. Undefined when the rubric's
 * maximums together cannot take that many points.
 */
export function historyDeductions(
  rubric: readonly RubricItem[],
  dailyTenths: number,
): ScoreDeduction[] | undefined {
  let left = 1000 - dailyTenths;
  const out: ScoreDeduction[] = [];
  for (const item of rubric) {
    if (left === 0) break;
    const tenths = Math.min(left, item.maxDeductTenths);
    if (tenths === 0) continue;
    out.push({
      item: item.key,
      tenths,
      note: `历史导入:日常考核得分${formatPoints(dailyTenths)}分,扣分明细未导入`,
    });
    left -= tenths;
  }
  return left === 0 ? out : undefined;
}

export type ScoreLine = {
  row: number;
  contractId: number;
  unitId: number;
  month: string;
  dailyTenths: number;
  deductions: ScoreDeduction[];
  managementTenths: number;
  finalTenths: number;
  dueOn: string;
};
export type ScoresPlan = { scores: ScoreLine[] };

export async function planScores(
  db: DbOrTx,
  rows: ImportRow[],
  ctx: ImportContext,
): Promise<ImportPlan<ScoresPlan>> {
  const cells = rowsByHeader(rows);
  const found = await contractsByRef(
    db,
    cells.map((r) => r.get('合同')),
  );
  const current = new Map<number, Map<string, { daily: number; management: number }>>();
  await loadCurrent(db, [...found.values()], current);
  const today = shanghaiDate(ctx.now);
  const thisMonth = monthOfDate(today);
  const errors = new RowErrors();
  const seen = new Set<string>();
  const scores: ScoreLine[] = [];
  const adds: string[] = [];
  let unchanged = 0;
  for (const r of cells) {
    const bad = (m: string) => errors.add(r.row, m);
    const before = errors.list.length;
    const c: RefContract | undefined = found.get(r.get('合同'));
    if (!c) bad(`合同「${r.get('合同')}」不存在(填写合同编号如 HT-2026-0012,或导入合同时的采购编号)`);
    const outOfScope = c && unitRefusal(ctx, historyScoresKind.roles, { id: c.unitId, name: c.unitName });
    if (outOfScope) bad(outOfScope);
    const month = parseMonthCell(r.get('月份'));
    if (!month) bad(`月份「${r.get('月份')}」格式不对,应为 YYYY-MM,如 2026-03`);
    const line = (h: string) => {
      const p = parseTenths(r.get(h), h);
      if (!p.ok) bad(p.error);
      else if (p.tenths > 1000) bad(`${h}须在0到100分之间`);
      return p.ok ? p.tenths : 0;
    };
    const daily = line('日常考核得分');
    const management = line('管理考核得分');
    if (errors.list.length > before || !c || !month) continue;
    const start = monthOfDate(c.startsOn);
    const end = monthOfDate(c.endedOn && c.endedOn < c.endsOn ? c.endedOn : c.endsOn);
    if (month < start || month > end) {
      bad(`${month} 不在合同 ${refName(c)} 的服务期(${c.startsOn} 至 ${c.endedOn ?? c.endsOn})内`);
      continue;
    }
    if (month >= thisMonth) {
      bad(`${month} 尚未结束(今天 ${today}),历史导入只收已结束月份的评分`);
      continue;
    }
    // A month still within its scoring window is today's work, not history: its assessor types it,
    // and what it gives (a warning, the termination right) goes out as for any typed month.
    const due = dueDate(month, c.clauses.scoring);
    if (due >= today) {
      bad(`${month} 仍在考核期内(录入截止 ${due}),请考核人在「月度考核」中录入,不作为历史导入`);
      continue;
    }
    const key = `${c.id}/${month}`;
    if (seen.has(key)) {
      bad(`合同 ${refName(c)} 的 ${month} 在本文件中重复`);
      continue;
    }
    seen.add(key);
    const deductions = historyDeductions(c.rubric, daily);
    if (!deductions) {
      bad(`日常考核得分 ${formatPoints(daily)} 分低于合同考核细则各项最高扣分合计所允许的最低分`);
      continue;
    }
    const final = finalTenths(daily, management, c.clauses.scoring);
    const typedFinal = r.get('最终得分');
    if (typedFinal) {
      const t = parseTenths(typedFinal, '最终得分');
      if (!t.ok || t.tenths !== final) {
        bad(
          `最终得分「${typedFinal}」与按合同权重计算的 ${formatPoints(final)} 分不一致(日常 ${formatPoints(daily)} × ${c.clauses.scoring.dailyWeightBp / 100}% + 管理 ${formatPoints(management)} × ${c.clauses.scoring.managementWeightBp / 100}%)`,
        );
        continue;
      }
    }
    const had = current.get(c.id)?.get(month);
    if (had) {
      if (had.daily === daily && had.management === management) unchanged++;
      else
        bad(
          `合同 ${refName(c)} 的 ${month} 已有评分,历史导入不更正已录入的评分;如需更正请在「月度考核」中填写更正原因`,
        );
      continue;
    }
    scores.push({
      row: r.row,
      contractId: c.id,
      unitId: c.unitId,
      month,
      dailyTenths: daily,
      deductions,
      managementTenths: management,
      finalTenths: final,
      dueOn: due,
    });
    adds.push(
      `第${r.row}行 ${refName(c)} ${month}:日常 ${formatPoints(daily)}、管理 ${formatPoints(management)},最终 ${formatPoints(final)} 分`,
    );
  }
  return {
    adds,
    changes: [],
    unchanged,
    errors: errors.list,
    notes: [HISTORY_NOTE],
    data: { scores: errors.ok ? scores : [] },
  };
}

async function loadCurrent(
  db: DbOrTx,
  cs: RefContract[],
  into: Map<number, Map<string, { daily: number; management: number }>>,
) {
  const sql = rawSql(db);
  for (const c of cs) {
    const rows = await currentLinesOn(sql, c.id);
    into.set(c.id, new Map(rows.map((r) => [r.month, { daily: r.daily, management: r.management }])));
  }
}

export async function applyScores(tx: Tx, plan: ImportPlan<ScoresPlan>, ctx: ImportContext) {
  const actor = historyActor(ctx.actor.openId);
  const byContract = new Map<number, ScoreLine[]>();
  for (const s of plan.data.scores)
    byContract.set(s.contractId, [...(byContract.get(s.contractId) ?? []), s]);
  const ids = [...byContract.keys()].sort((a, b) => a - b);
  // The contract's row lock, as score entry takes it: a typed score waits for the import, and the reverse.
  for (const id of ids) await lockContract(tx, id);
  const lines = new Map<number, string[]>();
  const say = (unitId: number, l: string) => lines.set(unitId, [...(lines.get(unitId) ?? []), l]);
  let kept = 0;
  let warningsCovered = 0;
  let bans = 0;
  for (const id of ids) {
    const list = byContract.get(id)!;
    for (const s of list) {
      const [row] = await tx
        .insert(monthlyScores)
        .values({
          contractId: id,
          month: s.month,
          deductions: s.deductions,
          dailyTenths: s.dailyTenths,
          managementTenths: s.managementTenths,
          finalTenths: s.finalTenths,
          enteredBy: ctx.actor.personId,
          enteredAt: ctx.now,
          current: true,
          dueOn: s.dueOn,
          late: false,
        })
        .returning({ id: monthlyScores.id });
      await appendAudit(tx, {
        aggregateType: 'monthly_score',
        aggregateId: row!.id,
        actor,
        action: 'score.imported',
        data: {
          contractId: id,
          month: s.month,
          dailyTenths: s.dailyTenths,
          managementTenths: s.managementTenths,
          finalTenths: s.finalTenths,
          dueOn: s.dueOn,
          history: true,
        },
        at: ctx.now,
      });
    }
    const months = list.map((s) => s.month).sort();
    const c = list[0]!;
    const [info] = await contractsLabel(tx, id);
    const low = list
      .filter((s) => s.finalTenths < info!.belowTenths)
      .map((s) => s.month)
      .sort();
    say(
      c.unitId,
      `${info!.name}:导入 ${months.length} 个月评分(${months[0]} 至 ${months.at(-1)})${low.length ? `,其中低于${formatPoints(info!.belowTenths)}分的月份:${low.join('、')}` : ''}`,
    );
    const silenced = await settleThresholds(tx, id, actor, ctx.now);
    warningsCovered += silenced.warnings.length;
    if (silenced.kept) {
      kept++;
      say(
        c.unitId,
        `${info!.name}:导入的月份(${silenced.kept.months.join('、')})已满足清退条件,合同仍在履行,记为保留;此后再有低于标准的月份将向分管领导提出清退决策`,
      );
    }
  }
  // Rule 10: every ended year the import touched, judged once per contract and year.
  const thisYear = shanghaiYear(ctx.now);
  const judged = new Set<string>();
  for (const s of plan.data.scores) {
    const year = yearOf(s.month);
    const key = `${s.contractId}/${year}`;
    if (year >= thisYear || judged.has(key)) continue;
    judged.add(key);
    const v = await judgeImportedYear(tx, { contractId: s.contractId, year, actor, now: ctx.now });
    if (v) {
      bans += v.kind === 'ban' ? 1 : 0;
      say(v.unitId, v.text);
    }
  }
  const told = await sendHistorySummary(tx, { byUnit: lines, what: '历史月度考核', ctx });
  const counts = {
    scores: plan.data.scores.length,
    contracts: ids.length,
    unchanged: plan.unchanged,
    warningsCovered,
    kept,
    bans,
    told,
  };
  await auditHistoryImport(tx, 'history_scores', counts, ctx);
  return {
    summary: `已导入 ${ids.length} 份合同的历史月度考核 ${plan.data.scores.length} 条${plan.unchanged ? `,已存在未变 ${plan.unchanged} 条` : ''}${bans ? `,新增禁投 ${bans} 项` : ''};已向所涉单位领导班子发送汇总通知`,
    counts,
  };
}

/** The contract's name in the summary and its termination line. */
async function contractsLabel(tx: Tx, id: number) {
  const found = await contractsByRef(tx, [`#${id}`]);
  const c = found.get(`#${id}`)!;
  return [{ name: refName(c), belowTenths: c.clauses.termination.belowTenths }];
}

export const historyScoresKind = historyKind<ScoresPlan>({
  key: 'history_scores',
  label: '历史月度考核',
  roles: ['admin'],
  columns: COLUMNS,
  headers: ['月份', '日常考核得分', '管理考核得分'],
  plan: planScores,
  apply: applyScores,
});

import type { ApprovalView } from '../../cards/approval';
import { type DbOrTx, rawSql } from '../../db/client';
import { type StageRow, type ViewRows, viewQueriesOn } from '../../db/sql/purchase-card';
import { routeLabel, STAGE_LABELS } from '../../domain/approval-route';
import { CATEGORY_LABELS } from '../../domain/categories';
import { formatWan, formatYuan } from '../../domain/money';
import { METHODS, type Method } from '../../domain/purchase-fields';

/** The text a decided stage shows on its card. */
function outcomeText(stage: StageRow) {
  const s = stage.s;
  const meeting = s.minutesNo ? `,会议纪要 ${s.minutesNo}(${s.meetingDate})` : '';
  return `${s.status === 'approved' ? '已同意' : '已驳回'}:${stage.by}${meeting}${s.reason ? `,意见:${s.reason}` : ''}`;
}

/**
 * Everything an approval card shows, read fresh so every holder's card tells the same story.
 * One round trip: the three queries are pipelined on the connection.
 */
export async function approvalView(db: DbOrTx, stageId: number): Promise<ApprovalView> {
  return buildView(await Promise.all(viewQueriesOn(rawSql(db), stageId)), stageId);
}

/** The card's content from the rows of `viewQueriesOn` (pure: a caller may substitute a stage row). */
export function buildView(rows: ViewRows, stageId: number): ApprovalView {
  const [[main], stages, named] = rows;
  const { r, unit, line, committedFen } = main!;
  const name = (id: number) => named.find((p) => p.id === id)?.name ?? '?';
  const assessors = [...new Set(named.filter((p) => p.assessor !== null).map((p) => p.name))];
  const stage = stages.find((x) => x.s.id === stageId)!;
  const s = stage.s;
  // A pending or approved request is already counted as committed: what remains after approval.
  const remaining = line.amountFen - committedFen - (r.status === 'rejected' ? r.amountFen : 0n);
  const category = r.category === 'other' ? `其他(${r.categoryOther})` : CATEGORY_LABELS[r.category];
  const decided = s.status === 'approved' || s.status === 'rejected';
  return {
    requestId: r.id,
    stageId: s.id,
    stageLabel: STAGE_LABELS[s.kind],
    unit,
    lineLabel: `${line.fiscalYear}年 ${CATEGORY_LABELS[line.category]}${line.name ? ` ${line.name}` : ''},额度 ${formatYuan(line.amountFen)}`,
    amountYuan: formatYuan(r.amountFen),
    amountWan: formatWan(r.amountFen),
    remainingAfter: formatYuan(remaining),
    category,
    description: r.description,
    why: r.whyOutsource,
    market: `询价 ${r.suppliersAsked} 家,报价 ${formatYuan(r.priceLowFen)} ~ ${formatYuan(r.priceHighFen)}`,
    method: METHODS[r.method as Method] ?? r.method,
    people: `经办人 ${name(r.filerId)};分管领导 ${name(r.leaderId)};职能科室 ${name(r.departmentId)};考核人 ${assessors.join('、')}`,
    route: routeLabel(stages.map((x) => x.s.kind)),
    history: stages
      .filter((x) => x.s.seq < s.seq && x.by)
      .map(
        (x) =>
          `${STAGE_LABELS[x.s.kind]}:${x.s.status === 'approved' ? '同意' : '驳回'}(${x.by}${x.s.minutesNo ? `,纪要 ${x.s.minutesNo}` : ''})`,
      ),
    outcome: decided ? { approved: s.status === 'approved', text: outcomeText(stage) } : undefined,
    needsMeeting: s.kind === 'unit_leadership',
  };
}

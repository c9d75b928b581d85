import type { ApprovalView, AttachmentLine } from '../../cards/approval';
import { type DbOrTx, rawSql, type Sql } from '../../db/client';
import { type ReapprovalStart, reapprovalStartOn } from '../../db/sql/purchase';
import { type AttachmentRow, type StageRow, type ViewRows, viewQueriesOn } from '../../db/sql/purchase-card';
import { routeLabel, STAGE_LABELS } from '../../domain/approval-route';
import { CATEGORY_LABELS } from '../../domain/categories';
import { formatWan, formatYuan } from '../../domain/money';
import { METHODS, type Method } from '../../domain/purchase-fields';
import { roundOf, roundStartOf } from '../../domain/reapproval';

/** How an attached file is listed: its name, its size (KB or MB) and its SHA-256's first 12 hex digits. */
export function attachmentLine(a: Pick<AttachmentRow, 'fileName' | 'size' | 'sha256'>): AttachmentLine {
  return { name: a.fileName, size: sizeText(a.size), sha: a.sha256.slice(0, 12) };
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

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
  const sql = rawSql(db);
  const rows = await Promise.all(viewQueriesOn(sql, stageId));
  return buildView(rows, stageId, await reapprovalOf(sql, rows, stageId));
}

/** The start of the re-approval round the stage belongs to; undefined for a first approval (no read). */
export function reapprovalOf(sql: Sql, rows: ViewRows, stageId: number) {
  const [[main], stages] = rows;
  const seq = stages.find((x) => x.s.id === stageId)?.s.seq;
  if (!main || seq === undefined) return undefined;
  const first = roundStartOf(
    stages.map((x) => x.s),
    seq,
  );
  return first > 1 ? reapprovalStartOn(sql, main.r.id, first) : undefined;
}

/** The card's content from the rows of `viewQueriesOn` (pure: a caller may substitute a stage row). */
export function buildView(
  rows: ViewRows,
  stageId: number,
  re?: Pick<ReapprovalStart, 'fromFen' | 'amountFen' | 'firstSeq'>,
): ApprovalView {
  const [[main], all, named, files] = rows;
  const s0 = all.find((x) => x.s.id === stageId)!.s;
  // A re-approval's card tells its own round: its amount, its route, its decisions.
  const round =
    re &&
    new Set(
      roundOf(
        all.map((x) => x.s),
        s0.seq,
      ).map((x) => x.id),
    );
  const stages = round ? all.filter((x) => round.has(x.s.id)) : all;
  const amountFen = re ? re.amountFen : main!.r.amountFen;
  const { r, unit, line, committedFen } = main!;
  const name = (id: number) => named.find((p) => p.id === id)?.name ?? '?';
  const assessors = [...new Set(named.filter((p) => p.assessor !== null).map((p) => p.name))];
  const stage = stages.find((x) => x.s.id === stageId)!;
  const s = stage.s;
  // A pending or approved request is already counted as committed: what remains after approval.
  // A re-approval would commit the difference too, unless it was rejected (the old amount stays).
  const extra = s.status === 'rejected' ? 0n : amountFen - r.amountFen;
  // A rejected or withdrawn request commits nothing: the card shows what approving it would leave.
  const uncounted = r.status === 'rejected' || r.status === 'withdrawn';
  const remaining = line.amountFen - committedFen - (uncounted ? r.amountFen : 0n) - extra;
  const category = r.category === 'other' ? `其他(${r.categoryOther})` : CATEGORY_LABELS[r.category];
  const decided = s.status === 'approved' || s.status === 'rejected';
  const withdrawn = s.status === 'withdrawn' || r.status === 'withdrawn';
  return {
    requestId: r.id,
    stageId: s.id,
    stageLabel: STAGE_LABELS[s.kind],
    unit,
    lineLabel: `${line.fiscalYear}年 ${CATEGORY_LABELS[line.category]}${line.name ? ` ${line.name}` : ''},额度 ${formatYuan(line.amountFen)}`,
    amountYuan: formatYuan(amountFen),
    amountWan: formatWan(amountFen),
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
          `${STAGE_LABELS[x.s.kind]}:${x.s.status === 'approved' ? '同意' : '驳回'}(${x.by}${x.s.minutesNo ? `,会议 ${x.s.meetingDate},纪要 ${x.s.minutesNo}` : ''})`,
      ),
    outcome: decided
      ? { approved: s.status === 'approved', text: outcomeText(stage) }
      : withdrawn
        ? { approved: false, withdrawn: true, text: `经办人 ${name(r.filerId)} 已撤回该申请,无需审批` }
        : undefined,
    attachments: files.map(attachmentLine),
    // Both stages decide in a meeting (rule 4): each records its date and minutes number.
    needsMeeting: true,
    meetingLabel: s.kind === 'unit_leadership' ? '领导班子会议日期' : '党工委管委会会议日期',
    ...(re ? { reapproval: { fromYuan: formatYuan(re.fromFen) } } : {}),
  };
}

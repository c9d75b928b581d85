import type { ApprovalView } from '../../cards/approval';
import { type DbOrTx, rawSql, type Sql } from '../../db/client';
import {
  type RequestStatus,
  routeLabel,
  type StageKind,
  type StageStatus,
} from '../../domain/approval-route';
import { CATEGORY_LABELS, type ServiceCategory } from '../../domain/categories';
import { formatWan, formatYuan } from '../../domain/money';
import { METHODS, type Method } from '../../domain/purchase-fields';

export const STAGE_LABELS = {
  unit_leadership: '单位领导班子集体决策',
  zone_committee: '党工委管委会审批',
} as const;

/** The request behind a card, with its unit, budget line and what the line has committed. */
export interface MainRow {
  r: {
    id: number;
    unitId: number;
    budgetLineId: number;
    category: ServiceCategory;
    categoryOther: string | null;
    description: string;
    whyOutsource: string;
    suppliersAsked: number;
    priceLowFen: bigint;
    priceHighFen: bigint;
    amountFen: bigint;
    method: string;
    filerId: number;
    leaderId: number;
    departmentId: number;
    status: RequestStatus;
  };
  unit: string;
  line: { fiscalYear: number; category: ServiceCategory; name: string; amountFen: bigint };
  /** Sum of the line's pending and approved requests (this one included while it is pending). */
  committedFen: bigint;
}
/** A stage of the request, with the name of whoever decided it. */
export interface StageRow {
  s: {
    id: number;
    requestId: number;
    seq: number;
    kind: StageKind;
    status: StageStatus;
    decidedBy: number | null;
    reason: string | null;
    meetingDate: string | null;
    minutesNo: string | null;
  };
  by: string | null;
}
/** The request's named people (leader, department, filer) and its assessors. */
export interface NamedRow {
  id: number;
  name: string;
  openId: string;
  assessor: number | null;
}
export type ViewRows = [MainRow[], StageRow[], NamedRow[]];

type MainRaw = Omit<MainRow['r'], 'priceLowFen' | 'priceHighFen' | 'amountFen'> & {
  priceLowFen: string;
  priceHighFen: string;
  amountFen: string;
  unit: string;
  lineYear: number;
  lineCategory: ServiceCategory;
  lineName: string;
  lineFen: string;
  committed: string;
};
type StageRaw = StageRow['s'] & { by: string | null };

function toMain(x: MainRaw): MainRow {
  const { unit, lineYear, lineCategory, lineName, lineFen, committed, ...r } = x;
  return {
    r: {
      ...r,
      priceLowFen: BigInt(r.priceLowFen),
      priceHighFen: BigInt(r.priceHighFen),
      amountFen: BigInt(r.amountFen),
    },
    unit,
    line: { fiscalYear: lineYear, category: lineCategory, name: lineName, amountFen: BigInt(lineFen) },
    committedFen: BigInt(committed),
  };
}

function toStage(x: StageRaw): StageRow {
  const { by, ...s } = x;
  return { s, by };
}

/**
 * The three reads an approval card is built from, as plain prepared statements on `sql`: started
 * in order when called, so a caller that wants a row lock first issues it before calling this, and
 * all of them go out in one write (one round trip). Every query finds the request through the stage
 * id, so none waits for another's answer.
 */
export function viewQueriesOn(sql: Sql, stageId: number) {
  return [
    sql<MainRaw[]>`
      select r.id::int, r.unit_id::int as "unitId", r.budget_line_id::int as "budgetLineId",
        r.category, r.category_other as "categoryOther", r.description, r.why_outsource as "whyOutsource",
        r.suppliers_asked as "suppliersAsked", r.price_low_fen::text as "priceLowFen",
        r.price_high_fen::text as "priceHighFen", r.amount_fen::text as "amountFen", r.method,
        r.filer_id::int as "filerId", r.leader_id::int as "leaderId",
        r.department_id::int as "departmentId", r.status,
        u.name as unit, l.fiscal_year as "lineYear", l.category as "lineCategory", l.name as "lineName",
        l.amount_fen::text as "lineFen",
        (select coalesce(sum(c.amount_fen), 0)::text from purchase_requests c
          where c.budget_line_id = r.budget_line_id and c.status in ('pending', 'approved')) as committed
      from purchase_requests r
        join units u on u.id = r.unit_id
        join budget_lines l on l.id = r.budget_line_id
      where r.id = (select request_id from approval_stages where id = ${stageId})`.then((rows) =>
      rows.map(toMain),
    ),
    sql<StageRaw[]>`
      select s.id::int, s.request_id::int as "requestId", s.seq, s.kind, s.status,
        s.decided_by::int as "decidedBy", s.reason, s.meeting_date as "meetingDate",
        s.minutes_no as "minutesNo", d.name as by
      from approval_stages s left join people d on d.id = s.decided_by
      where s.request_id = (select request_id from approval_stages where id = ${stageId})
      order by s.seq`.then((rows) => rows.map(toStage)),
    sql<NamedRow[]>`
      with q as (select request_id as id from approval_stages where id = ${stageId})
      select p.id::int, p.name, p.open_id as "openId", a.person_id::int as assessor
      from people p
        left join purchase_assessors a on a.person_id = p.id and a.request_id = (select id from q)
      where p.id in (
        select x from purchase_requests r, unnest(array[r.leader_id, r.department_id, r.filer_id]) as x
        where r.id = (select id from q)
        union all select person_id from purchase_assessors where request_id = (select id from q))`.then(
      (rows) => [...rows],
    ),
  ] as const;
}

/** `viewQueriesOn` over a drizzle handle (the pool or a transaction). */
export function viewQueries(db: DbOrTx, stageId: number) {
  return viewQueriesOn(rawSql(db), stageId);
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
  return buildView(await Promise.all(viewQueries(db, stageId)), stageId);
}

/** The card's content from the rows of `viewQueries` (pure: a caller may substitute a stage row). */
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

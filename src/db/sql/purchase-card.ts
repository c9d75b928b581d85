import type { RequestStatus, StageKind, StageStatus } from '../../domain/approval-route';
import type { ServiceCategory } from '../../domain/categories';
import type { Sql } from '../client';
import { codec, fen, type WireOf } from './codec';

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
    /** The day it was filed (submitted): `created_at` as an Asia/Shanghai business date. */
    filedOn: string;
  };
  unit: string;
  line: { fiscalYear: number; category: ServiceCategory; name: string; amountFen: bigint };
  /** Sum of the line's pending and approved requests (this one included while it is pending). */
  committedFen: bigint;
}
/** A stage of the request, with whoever decided it (`deciderLabel`: on whose behalf, if a delegate). */
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
/** A file the filer attached to the request (request_attachments), as the approvers' card lists it. */
export interface AttachmentRow {
  id: number;
  kind: 'image' | 'file';
  fileName: string;
  size: number;
  sha256: string;
}
export type ViewRows = [MainRow[], StageRow[], NamedRow[], AttachmentRow[]];

/** The main read's columns, flat as selected; the amounts come as int8 text. */
type MainColumns = MainRow['r'] & {
  unit: string;
  lineYear: number;
  lineCategory: ServiceCategory;
  lineName: string;
  lineFen: bigint;
  committed: bigint;
};
const mainColumns = codec<MainColumns>()({
  priceLowFen: fen,
  priceHighFen: fen,
  amountFen: fen,
  lineFen: fen,
  committed: fen,
});

function toMain(x: WireOf<typeof mainColumns>): MainRow {
  const { unit, lineYear, lineCategory, lineName, lineFen, committed, ...r } = mainColumns(x);
  return {
    r,
    unit,
    line: { fiscalYear: lineYear, category: lineCategory, name: lineName, amountFen: lineFen },
    committedFen: committed,
  };
}

/**
 * How a decision's maker is shown: their name, and on whose behalf when a delegate decided
 * (代 X 审批). Every card, the filer's message and the card's history read it from `by`.
 */
export function deciderLabel(name: string, onBehalfOf?: string | null): string {
  return onBehalfOf ? `${name}(代 ${onBehalfOf} 审批)` : name;
}

function toStage(x: StageRow['s'] & { by: string | null; onBehalfOf: string | null }): StageRow {
  const { by, onBehalfOf, ...s } = x;
  return { s, by: by === null ? null : deciderLabel(by, onBehalfOf) };
}

/**
 * The four reads an approval card is built from, as plain prepared statements on `sql`: started
 * in order when called, so a caller that wants a row lock first issues it before calling this, and
 * all of them go out in one write (one round trip). Every query finds the request through the stage
 * id, so none waits for another's answer.
 */
export function viewQueriesOn(sql: Sql, stageId: number) {
  return [
    sql<WireOf<typeof mainColumns>[]>`
      select r.id::int, r.unit_id::int as "unitId", r.budget_line_id::int as "budgetLineId",
        r.category, r.category_other as "categoryOther", r.description, r.why_outsource as "whyOutsource",
        r.suppliers_asked as "suppliersAsked", r.price_low_fen::text as "priceLowFen",
        r.price_high_fen::text as "priceHighFen", r.amount_fen::text as "amountFen", r.method,
        r.filer_id::int as "filerId", r.leader_id::int as "leaderId",
        r.department_id::int as "departmentId", r.status,
        to_char(r.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as "filedOn",
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
    sql<(StageRow['s'] & { by: string | null; onBehalfOf: string | null })[]>`
      select s.id::int, s.request_id::int as "requestId", s.seq, s.kind, s.status,
        s.decided_by::int as "decidedBy", s.reason, s.meeting_date as "meetingDate",
        s.minutes_no as "minutesNo", d.name as by, o.name as "onBehalfOf"
      from approval_stages s left join people d on d.id = s.decided_by
        left join delegated_decisions dd on dd.stage_id = s.id
        left join people o on o.id = dd.on_behalf_of
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
    sql<AttachmentRow[]>`
      select a.id::int, a.kind, a.file_name as "fileName", a.size, a.sha256
      from request_attachments a
      where a.request_id = (select request_id from approval_stages where id = ${stageId})
      order by a.id`.then((rows) => [...rows]),
  ] as const;
}

import { buildInspectionFormCard, buildInspectionListCard, FINDING_SLOTS } from '../../cards/inspection';
import { buildInspectionRecordsCard } from '../../cards/inspection-records';
import { buildListFilterCard } from '../../cards/list-pager';
import { buildRectificationCard } from '../../cards/rectification';
import { buildRectificationReportCard } from '../../cards/rectification-report';
import { requireActor } from '../../domain/actor';
import { shanghaiDate } from '../../domain/business-date';
import { DomainError } from '../../domain/errors';
import { type FormValues, formText } from '../../domain/form';
import { reviewItem, submitItem } from '../../features/inspections/items';
import { attachPhoto as attach } from '../../features/inspections/photos';
import { type FindingInput, recordInspection } from '../../features/inspections/record';
import { inspectionRecords } from '../../features/inspections/records';
import { rectificationReport } from '../../features/inspections/report';
import { inspectionForm, inspectionList } from '../../features/inspections/views';
import { raw } from '../types';
import { listRequest } from './list-request';
import type { ActionWriteContext, ReadContext, ValueOf } from './types';

const dateOf = (form: FormValues, name: string) => formText(form, name).slice(0, 10);

function findings(form: FormValues): FindingInput[] {
  const out: FindingInput[] = [];
  for (let n = 1; n <= FINDING_SLOTS; n++) {
    const f = {
      finding: formText(form, `finding_${n}`),
      ownerOpenId: formText(form, `owner_${n}`),
      dueOn: dateOf(form, `due_${n}`),
      severity: formText(form, `severity_${n}`),
    };
    // A slot left wholly empty is not a finding; a partly filled one is checked (and refused).
    if (f.finding || f.ownerOpenId || f.dueOn || f.severity) out.push(f);
  }
  return out;
}

/** 专项督查: a page of the contracts the reader may see, filtered (as 合同管理). */
export const listInspections = async (ctx: ReadContext, v: ValueOf<'inspection.list'>) => {
  const { filter, cursor, edit } = listRequest(ctx.event.formValue, v);
  const view = await inspectionList(ctx.tx, ctx.actor, {
    today: shanghaiDate(ctx.deps.now()),
    filter,
    cursor,
    choices: edit,
  });
  if (edit && view.page) return { card: raw(buildListFilterCard('inspection.list', view.page)) };
  return { card: raw(buildInspectionListCard(view)) };
};

/** How many of a contract's latest inspections its 登记督查 form shows (all of them: 全部督查记录). */
const EARLIER_ON_FORM = 5;

export const showInspectionForm = async (ctx: ReadContext, v: ValueOf<'inspection.form'>) => {
  // The form first: it refuses whoever is not of the contract's inspection team.
  const view = await inspectionForm(ctx.tx, ctx.actor, v.contract, ctx.deps.now());
  const earlier = await inspectionRecords(ctx.tx, ctx.actor, {
    contract: v.contract,
    cursor: {},
    size: EARLIER_ON_FORM,
  });
  return { card: raw(buildInspectionFormCard({ ...view, earlier })) };
};

/** 督查记录: a page of the inspections of the contracts the reader may see, or of one contract. */
export const listInspectionRecords = async (ctx: ReadContext, v: ValueOf<'inspection.records'>) => {
  const cursor = { ...(v.after ? { after: v.after } : {}), ...(v.before ? { before: v.before } : {}) };
  const of = v.contract !== undefined ? { contract: v.contract } : {};
  return {
    card: raw(buildInspectionRecordsCard(await inspectionRecords(ctx.tx, ctx.actor, { ...of, cursor }))),
  };
};

/**
 * 登记督查: the inspection team records an inspection and its findings. Every typed text is kept
 * whole: its only bound is the field's own (domain/form, the card's max_length), refused past it.
 * The participants are the names typed into one field, so that field's 1000 characters bound them.
 */
export const recordInspectionFromCard = async (ctx: ActionWriteContext, v: ValueOf<'inspection.record'>) => {
  const form = ctx.event.formValue;
  const input = {
    inspectedOn: dateOf(form, 'inspected_on'),
    participants: formText(form, 'participants')
      .split(/[、,,;;\s]+/)
      .map((s) => s.trim())
      .filter(Boolean),
    checked: formText(form, 'checked'),
    findings: findings(form),
  };
  const r = await recordInspection(
    { tx: ctx.tx, actor: ctx.actor, now: ctx.deps.now(), out: ctx.out },
    { contractId: v.contract, ...input },
  );
  const report = await rectificationReport(ctx.tx, ctx.actor, v.contract, ctx.deps.now());
  return {
    toast: {
      type: 'success' as const,
      content: `已登记 ${r.inspection.inspectedOn} 的督查,交办整改 ${r.items.length} 项`,
    },
    card: raw(buildRectificationReportCard(report)),
  };
};

export const showRectificationReport = async (ctx: ReadContext, v: ValueOf<'rectification.report'>) => ({
  card: raw(
    buildRectificationReportCard(await rectificationReport(ctx.tx, ctx.actor, v.contract, ctx.deps.now())),
  ),
});

/** 提交整改: the owner, with evidence. */
export const closeRectification = async (ctx: ActionWriteContext, v: ValueOf<'rectification.close'>) => {
  const evidence = formText(ctx.event.formValue, 'evidence');
  const view = await submitItem(
    { tx: ctx.tx, actor: requireActor(ctx.actor), now: ctx.deps.now(), out: ctx.out },
    { itemId: v.item, evidence },
  );
  return {
    // A daily problem is confirmed by an assessor of the contract, an inspection finding by the team.
    toast: {
      type: 'success' as const,
      content: `已提交整改,${view.daily ? '待考核人确认' : '待督查小组确认'}`,
    },
    card: raw(buildRectificationCard(view)),
  };
};

export const confirmRectification = async (ctx: ActionWriteContext, v: ValueOf<'rectification.confirm'>) => {
  const view = await reviewItem(
    { tx: ctx.tx, actor: ctx.actor, now: ctx.deps.now(), out: ctx.out },
    { itemId: v.item, decision: { kind: 'confirm' } },
  );
  return {
    toast: { type: 'success' as const, content: '已确认销号' },
    card: raw(buildRectificationCard(view)),
  };
};

export const reopenRectification = async (ctx: ActionWriteContext, v: ValueOf<'rectification.reopen'>) => {
  const reason = formText(ctx.event.formValue, 'reason');
  const view = await reviewItem(
    { tx: ctx.tx, actor: ctx.actor, now: ctx.deps.now(), out: ctx.out },
    { itemId: v.item, decision: { kind: 'reopen', reason } },
  );
  return {
    toast: { type: 'success' as const, content: '已退回重新整改' },
    card: raw(buildRectificationCard(view)),
  };
};

/** 附加到此整改事项: downloads the photo the owner sent and attaches it with its SHA-256. */
export const attachPhoto = async (ctx: ActionWriteContext, v: ValueOf<'rectification.attach'>) => {
  const download = ctx.deps.downloadImage;
  if (!download) throw new DomainError('image_unavailable', '暂不支持下载图片,请联系管理员');
  const r = await attach(
    { tx: ctx.tx, actor: requireActor(ctx.actor), now: ctx.deps.now() },
    { item: v.item, msg: v.msg, key: v.key, download },
  );
  return {
    toast: { type: 'success' as const, content: `照片已附加到整改事项(SHA-256 ${r.sha256.slice(0, 12)}…)` },
    card: raw(buildRectificationCard(r.view)),
  };
};

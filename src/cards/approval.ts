import { button, buttons, card, datePicker, type Element, form, hr, input, md, text } from './kit';

/** An attached file as cards list it: its name, size and the first 12 hex digits of its SHA-256. */
export interface AttachmentLine {
  name: string;
  size: string;
  sha: string;
}

/** The attachments as markdown lines (the approval card and the request card list them alike). */
export function attachmentLines(list: readonly AttachmentLine[]): string {
  return list.map((a) => `- ${text(a.name)}(${text(a.size)},SHA-256 ${text(a.sha)}…)`).join('\n');
}

export interface ApprovalView {
  requestId: number;
  stageId: number;
  stageLabel: string;
  unit: string;
  lineLabel: string;
  amountYuan: string;
  amountWan: string;
  remainingAfter: string;
  category: string;
  description: string;
  why: string;
  market: string;
  method: string;
  people: string;
  route: string;
  history: string[];
  /**
   * Set once the stage is decided, or withdrawn with its request (撤回): the card then shows the
   * outcome and no buttons.
   */
  outcome?: { approved: boolean; withdrawn?: boolean; text: string };
  /** The files the filer attached (name, size, SHA-256), so the approvers know what they rest on. */
  attachments?: AttachmentLine[];
  /** The stage records its meeting (集体决策, 党工委管委会会议): both stage kinds do. */
  needsMeeting: boolean;
  /** The meeting date picker's placeholder, naming the stage's meeting. */
  meetingLabel?: string;
  /** Set on a re-approval (rule 4): the amount shown is the awarded price, above `fromYuan`. */
  reapproval?: { fromYuan: string };
}

/** The approval card a leader reads on a phone: the essentials first, then the decision. */
export function buildApprovalCard(v: ApprovalView) {
  const facts = [
    `**金额**:${text(v.amountYuan)}${v.amountWan === v.amountYuan ? '' : `(${text(v.amountWan)})`}`,
    `**单位**:${text(v.unit)}`,
    `**预算额度**:${text(v.lineLabel)};批准后剩余 ${text(v.remainingAfter)}`,
    `**服务**:${text(v.category)} · ${text(v.description)}`,
    `**可行性**:${text(v.why)}`,
    `**市场调研**:${text(v.market)}`,
    `**采购方式**:${text(v.method)}`,
    `**责任人**:${text(v.people)}`,
    `**审批路径**:${text(v.route)}`,
  ];
  if (v.reapproval)
    facts.unshift(
      `**重新报批**:成交金额 ${text(v.amountYuan)} 超过原批准金额 ${text(v.reapproval.fromYuan)},按新金额重新审批`,
    );
  const elements: Element[] = [md(facts.join('\n'))];
  if (v.attachments?.length)
    elements.push(hr(), md(`**附件**(经办人提交)\n${attachmentLines(v.attachments)}`));
  if (v.history.length)
    elements.push(hr(), md(`**已审批**\n${v.history.map((h) => `- ${text(h)}`).join('\n')}`));
  elements.push(hr());
  if (v.outcome) {
    const mark = v.outcome.withdrawn ? '↩️' : v.outcome.approved ? '✅' : '❌';
    elements.push(md(`${mark} ${text(v.outcome.text)}`));
  } else {
    const approve = { a: 'approval.approve' as const, stage: v.stageId };
    const reject = { a: 'approval.reject' as const, stage: v.stageId };
    elements.push(
      form('decision', [
        ...(v.needsMeeting
          ? [
              datePicker({ name: 'meeting_date', placeholder: v.meetingLabel ?? '会议日期' }),
              input({ name: 'minutes_no', label: '会议纪要编号', placeholder: '例如:2026-第12次' }),
            ]
          : []),
        input({ name: 'reason', label: '意见', placeholder: '驳回时必须填写理由', multiline: true }),
        buttons([
          button({
            text: '同意',
            value: approve,
            type: 'primary',
            submit: true,
            name: 'approve',
            confirm: { title: '确认同意', text: '同意后不可撤回,确认?' },
          }),
          button({
            text: '驳回',
            value: reject,
            type: 'danger',
            submit: true,
            name: 'reject',
            confirm: { title: '确认驳回', text: '驳回后该申请即终止,确认?' },
          }),
        ]),
      ]),
    );
  }
  return card({
    title: `采购审批 #${v.requestId} · ${v.reapproval ? '重新报批 · ' : ''}${v.stageLabel}`,
    subtitle: `${v.amountWan} · ${v.unit}`,
    template: v.outcome ? (v.outcome.withdrawn ? 'grey' : v.outcome.approved ? 'green' : 'red') : 'orange',
    summary: `${v.reapproval ? '待重新报批' : '待审批'}:${v.unit} ${v.amountWan}`,
    elements,
  });
}

import { button, buttons, card, type Element, form, hr, input, md, text } from './kit';

export type Severity = 'minor' | 'major' | 'critical';
export type ItemStatus = 'open' | 'submitted' | 'closed';
export const SEVERITY_LABELS: Record<Severity, string> = { minor: '一般', major: '较重', critical: '严重' };
export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  open: '整改中',
  submitted: '待督查小组确认',
  closed: '已销号',
};
/** A daily problem is confirmed by an assessor of the contract, not the inspection team. */
export const ITEM_STATUS_LABELS_DAILY: Record<ItemStatus, string> = {
  ...ITEM_STATUS_LABELS,
  submitted: '待考核人确认',
};

/** A rectification item (整改), as its owner or the inspection team reads it. */
export interface RectificationItemView {
  itemId: number;
  contractNo: string;
  vendorName: string;
  inspectedOn: string;
  finding: string;
  severity: Severity;
  owner: string;
  dueOn: string;
  status: ItemStatus;
  reopened: number;
  evidence?: string;
  /** SHA-256 of each attached photo. */
  photos: string[];
  /** Who reads it decides the buttons; the click checks the roles again. */
  audience: 'owner' | 'team';
  /** A problem raised from the daily line (no inspection): its month, rubric item and 重复发生 count. */
  daily?: { month: string; rubricName: string; repeats: number };
}

const statusLabel = (v: RectificationItemView) =>
  (v.daily ? ITEM_STATUS_LABELS_DAILY : ITEM_STATUS_LABELS)[v.status];

function facts(v: RectificationItemView): string {
  return [
    `**问题**:${text(v.finding)}`,
    v.daily
      ? `**合同**:${text(v.contractNo)}(${text(v.vendorName)}),${text(v.daily.month)} 日常考核「${text(v.daily.rubricName)}」扣分问题`
      : `**合同**:${text(v.contractNo)}(${text(v.vendorName)}),${text(v.inspectedOn)} 专项督查发现`,
    ...(v.daily?.repeats
      ? [`**重复发生**:${v.daily.repeats} 次(同一细则项的上一次问题尚未整改完毕时再次发生)`]
      : []),
    ...(v.daily ? [] : [`**严重程度**:${SEVERITY_LABELS[v.severity]}`]),
    `**整改责任人**:${text(v.owner)}`,
    `**整改期限**:${text(v.dueOn)}`,
    `**状态**:${statusLabel(v)}${v.reopened ? `(已退回重新整改 ${v.reopened} 次)` : ''}`,
  ].join('\n');
}

function evidence(v: RectificationItemView): Element[] {
  const lines: string[] = [];
  if (v.evidence) lines.push(`**整改说明**:${text(v.evidence)}`);
  if (v.photos.length)
    lines.push(
      `**现场照片**:${v.photos.length} 张(SHA-256:${text(v.photos.map((h) => h.slice(0, 12)).join('、'))})`,
    );
  return lines.length ? [md(lines.join('\n'))] : [];
}

function ownerForm(v: RectificationItemView): Element {
  return form('close', [
    {
      ...input({
        name: 'evidence',
        label: '整改说明',
        placeholder: '整改完成情况及凭证;也可私聊机器人发送现场照片后附加到本事项',
        multiline: true,
      }),
    },
    buttons([
      button({
        text: '提交整改',
        value: { a: 'rectification.close', item: v.itemId },
        type: 'primary',
        submit: true,
        name: 'close_submit',
      }),
    ]),
  ]);
}

function teamForm(v: RectificationItemView): Element {
  return form('review', [
    input({ name: 'reason', label: '复查意见', placeholder: '退回重新整改时必填:复查发现的问题' }),
    buttons([
      button({
        text: '确认销号',
        value: { a: 'rectification.confirm', item: v.itemId },
        type: 'primary',
        submit: true,
        name: 'confirm',
      }),
      button({
        text: '退回重新整改',
        value: { a: 'rectification.reopen', item: v.itemId },
        type: 'danger',
        submit: true,
        name: 'reopen',
      }),
    ]),
  ]);
}

export function buildRectificationCard(v: RectificationItemView) {
  const elements: Element[] = [md(facts(v)), ...evidence(v)];
  if (v.status === 'open' && v.audience === 'owner') elements.push(hr(), ownerForm(v));
  if (v.status === 'submitted' && v.audience === 'team') elements.push(hr(), teamForm(v));
  return card({
    title: `整改事项 · ${v.finding.slice(0, 20)}`,
    subtitle: `${v.vendorName} · ${statusLabel(v)} · ${v.dueOn} 前完成`,
    template: v.status === 'closed' ? 'green' : v.status === 'submitted' ? 'wathet' : 'orange',
    summary: `整改事项:${v.finding.slice(0, 30)}`,
    elements,
  });
}

/** Answers a photo the owner sent: attach it to one of their open items. */
export function buildPhotoOfferCard(v: {
  messageId: string;
  fileKey: string;
  items: { itemId: number; finding: string; contractNo: string; dueOn: string }[];
}) {
  const elements: Element[] = [md('收到您发送的图片。如为整改现场照片,请选择要附加到的整改事项:')];
  for (const i of v.items)
    elements.push(
      md(`${text(i.finding)}\n合同 ${text(i.contractNo)} · ${text(i.dueOn)} 前完成`),
      buttons([
        button({
          text: '附加到此整改事项',
          value: { a: 'rectification.attach', item: i.itemId, msg: v.messageId, key: v.fileKey },
          type: 'primary',
        }),
      ]),
    );
  return card({ title: '附加整改照片', template: 'wathet', summary: '附加整改照片', elements });
}

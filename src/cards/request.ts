import { type AttachmentLine, attachmentLines } from './approval';
import { button, buttons, card, type Element, hr, md, text } from './kit';

/** One step of a request's life as its filer reads it: when, who, what. Plain text (escaped here). */
export interface TimelineStep {
  at: string;
  who: string;
  what: string;
}

/** A request as its own card shows it to its filer (我的申请 → 查看). */
export interface RequestCardView {
  id: number;
  amount: string;
  line: string;
  description: string;
  status: string;
  /** The stage deciding it now, who holds it and since when (absent once no stage is pending). */
  current?: { stageId: number; stage: string; holders: string[]; since: string };
  /** Oldest first; the card shows the newest `TIMELINE_SHOWN` and says how many are left out. */
  timeline: TimelineStep[];
  attachments: AttachmentLine[];
  /** 撤回 is offered while no stage has been decided. */
  mayWithdraw: boolean;
  /** Set when the current stage was already reminded today: the time it was sent. */
  remindedToday?: string;
  /** Files and images sent to the bot may still be attached. */
  mayAttach: boolean;
}

export const TIMELINE_SHOWN = 40;
export const ATTACHMENTS_SHOWN = 20;

function facts(v: RequestCardView): string {
  const out = [
    `**金额**:${text(v.amount)}`,
    `**预算额度**:${text(v.line)}`,
    `**服务**:${text(v.description)}`,
    `**状态**:${text(v.status)}`,
  ];
  if (v.current)
    out.push(
      `**当前环节**:${text(v.current.stage)}(${text(v.current.since)} 起)`,
      `**审批人**:${text(v.current.holders.join('、') || '暂无审批人')}`,
    );
  return out.join('\n');
}

function timeline(steps: readonly TimelineStep[]): Element[] {
  const shown = steps.slice(-TIMELINE_SHOWN);
  const lines = shown.map((s) => `- ${text(s.at)} · ${text(s.who)}:${text(s.what)}`);
  const more = steps.length - shown.length;
  return [md(`**办理过程**${more > 0 ? `(较早的 ${more} 条未显示)` : ''}\n${lines.join('\n')}`)];
}

function attachments(v: RequestCardView): Element[] {
  const shown = v.attachments.slice(0, ATTACHMENTS_SHOWN);
  const more = v.attachments.length - shown.length;
  const body = shown.length
    ? `${attachmentLines(shown)}${more > 0 ? `\n另有 ${more} 个附件未显示` : ''}`
    : '暂无附件';
  const hint = v.mayAttach ? '\n如需补充材料(如会议纪要扫描件),请直接把文件或图片发送给机器人。' : '';
  return [md(`**附件**(审批人可见)\n${body}${hint}`)];
}

/** 采购申请 #N: the filer's lasting card of one request, its timeline, 撤回, 催办 and attachments. */
export function buildRequestCard(v: RequestCardView) {
  const elements: Element[] = [md(facts(v)), hr(), ...timeline(v.timeline), hr(), ...attachments(v)];
  const actions: Element[] = [];
  if (v.current)
    actions.push(
      v.remindedToday
        ? md(`今天 ${text(v.remindedToday)} 已催办本环节,每个环节每个工作日可催办一次。`)
        : buttons([
            button({
              text: '催办',
              value: { a: 'purchase.remind', request: v.id, stage: v.current.stageId },
              type: 'primary',
            }),
          ]),
    );
  const more: Element[] = [];
  if (v.mayWithdraw)
    more.push(
      button({
        text: '撤回申请',
        value: { a: 'purchase.withdraw', request: v.id },
        type: 'danger',
        confirm: {
          title: '确认撤回',
          text: '撤回后该申请终止,占用的预算额度释放,审批人无需再审批。确认撤回?',
        },
      }),
    );
  more.push(
    button({ text: '刷新', value: { a: 'purchase.request', request: v.id } }),
    button({ text: '返回我的申请', value: { a: 'purchase.mine' } }),
  );
  elements.push(hr(), ...actions, buttons(more));
  return card({
    title: `采购申请 #${v.id}`,
    subtitle: `${v.amount} · ${v.status}`,
    template: v.current ? 'orange' : v.status === '已审批通过' ? 'green' : 'grey',
    summary: `采购申请 #${v.id} · ${v.status}`,
    elements,
  });
}

/** The reminder (催办) the filer sends a stage's holders: one card, with the way to the approval. */
export function buildRequestReminderCard(v: {
  requestId: number;
  stageId: number;
  stage: string;
  filer: string;
  amount: string;
  description: string;
  since: string;
}) {
  return card({
    title: `催办:采购申请 #${v.requestId}`,
    subtitle: v.stage,
    template: 'orange',
    summary: `【催办】采购申请 #${v.requestId}`,
    elements: [
      md(
        [
          `经办人 **${text(v.filer)}** 提醒您审批:`,
          `**服务**:${text(v.description)}`,
          `**金额**:${text(v.amount)}`,
          `**环节**:${text(v.stage)}(${text(v.since)} 起待审批)`,
        ].join('\n'),
      ),
      buttons([
        button({ text: '打开审批', value: { a: 'approval.open', stage: v.stageId }, type: 'primary' }),
      ]),
    ],
  });
}

/** Answers a file or image the filer sent while they have open requests: attach it to one of them. */
export function buildAttachOfferCard(v: {
  messageId: string;
  fileKey: string;
  fileName: string;
  requests: { id: number; description: string; amount: string; status: string }[];
}) {
  const elements: Element[] = [
    md(`收到「${text(v.fileName)}」。如需作为采购申请的附件(审批人可见),请选择申请:`),
  ];
  // The feature offers at most 10 (the newest open requests); the card never shows more.
  for (const r of v.requests.slice(0, 10))
    elements.push(
      md(`**#${r.id}** ${text(r.description)}\n${text(r.amount)} · ${text(r.status)}`),
      buttons([
        button({
          text: `附加到申请 #${r.id}`,
          value: { a: 'purchase.attach', request: r.id, msg: v.messageId, key: v.fileKey },
          type: 'primary',
        }),
      ]),
    );
  return card({ title: '附加到采购申请', template: 'wathet', summary: '附加到采购申请', elements });
}

import { button, buttons, card, hr, md, text } from './kit';

/** One message that did not arrive, as the admins' 发送失败 card lists it. */
export type FailedRowView = {
  id: string;
  kind: 'send' | 'reply' | 'patch' | 'urgent';
  msgType: string | null;
  /** A card's title, or the start of a text message. */
  title: string | null;
  /** A person's name, or 群「name」. */
  to: string;
  /** When it was written, 2026-12-06 21:30 in Asia/Shanghai. */
  at: string;
  reason: string;
  resendable: boolean;
  /**
   * A card Feishu refused as invalid: its hash (the first 12 hex of the sha256 of the card as sent,
   * to find it in the log and the outbox), the code, and the state of the text notice sent instead.
   */
  refused?: { hash: string; code: number; notice: 'pending' | 'sent' | 'failed' | null };
};

export type DeliveryFailuresView = {
  days: number;
  total: number;
  rows: FailedRowView[];
  /** Scopes 加急 was refused for: one entry each, however many urgents met it. */
  scopes: { scope: string; refusals: number; lastSeen: string }[];
};

const KIND: Record<FailedRowView['kind'], string> = {
  send: '',
  reply: '回复',
  patch: '卡片更新',
  urgent: '加急',
};

/** What the message was: 卡片「采购审批」, 文本消息「…」, 文件, 卡片更新「…」, 加急「…」. */
export function whatWasSent(r: Pick<FailedRowView, 'kind' | 'msgType' | 'title'>): string {
  const type =
    r.msgType === 'interactive'
      ? '卡片'
      : r.msgType === 'text'
        ? '文本消息'
        : r.msgType === 'file'
          ? '文件'
          : '消息';
  const head = r.kind === 'send' ? type : r.kind === 'reply' ? `${KIND.reply}${type}` : KIND[r.kind];
  return r.title ? `${head}「${r.title}」` : head;
}

const NOTICE: Record<'pending' | 'sent' | 'failed', string> = {
  pending: '正在改发文字通知,告知接收方如何重新打开',
  sent: '接收方已收到文字通知,告知如何重新打开',
  failed: '改发的文字通知也未送达(见本列表)',
};

/** The lines under a refused card: its code and hash for whoever fixes the card, and what the recipient got. */
function refusedLines(r: NonNullable<FailedRowView['refused']>): string {
  const lines = [`飞书错误码:${r.code},卡片哈希:${text(r.hash)}`];
  if (r.notice) lines.push(`处理:${NOTICE[r.notice]}`);
  return lines.map((l) => `\n${l}`).join('');
}

/**
 * For the zone's admins: what did not arrive, to whom, when and why, newest first; a row whose
 * cause can be dealt with (the bot added back, a scope granted...) has a 重新发送 button.
 */
export function buildDeliveryFailuresCard(v: DeliveryFailuresView) {
  const elements = [];
  if (v.total === 0 && v.scopes.length === 0) {
    elements.push(md(`近 ${v.days} 天所有消息均已送达。`));
  } else {
    const shown = v.rows.length < v.total ? `,以下为最近 ${v.rows.length} 条` : '';
    elements.push(
      md(
        `近 ${v.days} 天有 **${v.total}** 条消息未能送达${shown}。排除原因后可点「重新发送」,每条只会重发一次。`,
      ),
    );
  }
  for (const s of v.scopes) {
    elements.push(
      md(
        text(
          `加急未发出:应用缺少权限 ${s.scope},已有 ${s.refusals} 次加急被拒(消息本身均已送达),最近一次 ${s.lastSeen}。` +
            '请在开发者后台开通该权限并发布新版本,之后的加急即可正常发出。',
        ),
      ),
    );
  }
  v.rows.forEach((r, i) => {
    elements.push(hr());
    elements.push(
      md(
        `**${i + 1}. ${text(whatWasSent(r))}**\n发给:${text(r.to)}\n时间:${text(r.at)}\n原因:${text(r.reason)}` +
          (r.refused ? refusedLines(r.refused) : ''),
      ),
    );
    if (r.resendable)
      elements.push(
        buttons([
          button({
            text: '重新发送',
            value: { a: 'delivery.resend', row: r.id },
            type: 'primary',
            confirm: { title: '重新发送', text: '确认已排除原因并重新发送这条消息?' },
          }),
        ]),
      );
  });
  elements.push(hr());
  elements.push(
    buttons([
      button({ text: '刷新', value: { a: 'delivery.failed' } }),
      button({ text: '返回主菜单', value: { a: 'menu.show' } }),
    ]),
  );
  return card({
    title: '发送失败',
    subtitle: `近 ${v.days} 天未送达的消息`,
    template: v.total > 0 || v.scopes.length > 0 ? 'red' : 'green',
    summary: '发送失败',
    elements,
  });
}

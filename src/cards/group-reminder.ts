import { yearOf } from '../domain/business-date';
import type { ReminderKind } from '../domain/contract';
import type { Month } from '../domain/months';
import { dateLabel, monthLabel } from '../domain/score-window';
import { button, card, type Element, md, type Template, text } from './kit';

/**
 * The month's scoring notice in a contract's project group (项目工作群): one card
 * per group per reminder run, @mentioning the assessors who have not scored. Everyone in the group
 * sees it, so it carries only the contract's group-safe label (number, unit, service category: the
 * label the binding card shows), the month, the due date and who has not scored: no vendor, amount,
 * deduction or score. Its 去评分 button opens the score card in the clicker's private chat, checked
 * against their roles there (bot/group-safe.ts), never in the group.
 */

export type GroupReminderKind = Exclude<ReminderKind, 'escalate'>;

export type GroupReminderItem = {
  kind: GroupReminderKind;
  contractId: number;
  /** The contract's number (HT-2026-0012), the name staff quote. */
  contractNo: string;
  unitName: string;
  categoryLabel: string;
  month: Month;
  due: string; // business date
  /** False when the due date's year has no holiday data: the date was counted Monday to Friday. */
  calendarCovers?: boolean;
  /** A quarterly management line: the quarter (`2027年第1季度(1–3月)`), whose months are due together. */
  quarter?: string;
  /** The contract's assessors; the month has no score yet, so none of them has scored. */
  /** `seen`: an event of theirs reached the bot, so their open_id is this app's and may be @mentioned. */
  assessors: { openId: string; name: string; seen: boolean }[];
};

/** Items shown on one card; more are counted, not listed (a group is bound to few contracts). */
export const GROUP_REMINDER_MAX_ITEMS = 20;

/** An open_id as Feishu issues it: only such an id goes into an `<at>` tag, anything else is shown as text. */
const OPEN_ID = /^ou_[0-9a-z]+$/;

const LOOK: Record<GroupReminderKind, { title: string; template: Template }> = {
  open: { title: '月度考核已开放', template: 'blue' },
  remind: { title: '月度考核评分提醒', template: 'orange' },
  overdue: { title: '月度考核已逾期', template: 'red' },
};
const ORDER: GroupReminderKind[] = ['open', 'remind', 'overdue'];

/** `合同 HT-2026-0012 · 资产经营公司 · 保洁`: the label the binding card shows, plain text. */
export function groupContractLabel(i: Pick<GroupReminderItem, 'contractNo' | 'unitName' | 'categoryLabel'>) {
  return `合同 ${i.contractNo} · ${i.unitName} · ${i.categoryLabel}`;
}

/** What is due, as a plain sentence. */
function sentence(i: GroupReminderItem): string {
  const m = i.quarter ? `${i.quarter}各月` : monthLabel(i.month);
  const due = dateLabel(i.due, yearOf(i.month));
  switch (i.kind) {
    case 'open':
      return `${m}考核已开放,截止日为${due}。`;
    case 'remind':
      return `${m}考核截止日为${due},即将到期。`;
    case 'overdue':
      return `${m}考核已超过截止日(${due})。`;
  }
}

/**
 * An @mention the card adds itself (markup) of an open_id this app has seen; anyone else by name as
 * typed text. An open_id is per app, and one of another app's (an import typed from elsewhere) makes
 * Feishu refuse the whole card (100290).
 */
function mention(a: { openId: string; name: string; seen: boolean }): string {
  return a.seen && OPEN_ID.test(a.openId) ? `<at id=${a.openId}></at>` : text(a.name);
}

/** One round: what is due and who has not scored; its button names the round when the card has several. */
function itemBlock(i: GroupReminderItem, several: boolean): Element[] {
  const who = i.assessors.map(mention).join(' ');
  const uncovered = i.calendarCovers === false ? '\n(尚未导入该年节假日安排,截止日按周一至周五计算)' : '';
  return [
    md(
      `**${text(groupContractLabel(i))}**\n${text(sentence(i))}${uncovered}\n尚未评分:${who},请尽快完成评分。`,
    ),
    button({
      text: several ? `去评分 · ${i.contractNo} ${monthLabel(i.month)}` : '去评分',
      type: 'primary',
      value: { a: 'score.form', contract: i.contractId, month: i.month },
    }),
  ];
}

/** The card of one group's reminder run: every item due for the group's contracts, most urgent look. */
export function groupReminderCard(v: { items: GroupReminderItem[] }) {
  const kind = v.items.reduce<GroupReminderKind>(
    (k, i) => (ORDER.indexOf(i.kind) > ORDER.indexOf(k) ? i.kind : k),
    'open',
  );
  const look = LOOK[kind];
  const shown = v.items.slice(0, GROUP_REMINDER_MAX_ITEMS);
  const first = v.items[0];
  const contracts = new Set(v.items.map((i) => i.contractId)).size;
  const more = v.items.length - shown.length;
  return card({
    title: look.title,
    subtitle: contracts === 1 && first ? groupContractLabel(first) : `${contracts} 份合同`,
    template: look.template,
    summary:
      contracts === 1 && first
        ? `${groupContractLabel(first)} ${sentence(first)}`
        : `${look.title}:${contracts} 份合同`,
    elements: [
      ...shown.flatMap((i) => itemBlock(i, v.items.length > 1)),
      ...(more > 0 ? [md(`另有 ${more} 项未显示,请各考核人在「月度考核」中查看。`)] : []),
    ],
  });
}

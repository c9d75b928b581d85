import type { ActionName } from '../../cards/values';
import type { DbOrTx } from '../../db/client';
import { failWithNotice, type OutboxRow, targetReceiverType } from '../../db/sql/outbox';
import { contentHash } from '../../outbox/deliver';

/** An action's area: `score` of `score.form`, `help` of `help`. */
type AreaOf<A extends string> = A extends `${infer X}.${string}` ? X : A;
type Area = AreaOf<ActionName>;

/**
 * Where a person opens a card of each area again: a word the bot answers with that section
 * (bot/sections.ts WORDS) and the card it opens, or a button of the main menu (cards/menu.ts).
 * test/unit/features/card-refused-notice.test.ts holds both to what the bot really answers.
 */
type Reopen = { word: string; place: string } | { button: string } | { groupMenu: string };
export const REOPEN: Partial<Record<Area, Reopen>> = {
  approval: { word: '待办', place: '我的待办' },
  todo: { word: '待办', place: '我的待办' },
  purchase: { word: '待办', place: '我的待办' },
  score: { word: '考核', place: '月度考核' },
  budget: { word: '预算', place: '预算额度' },
  settlement: { word: '结算', place: '结算审核' },
  spotcheck: { word: '抽查', place: '抽查' },
  board: { word: '看板', place: '纪检监察看板' },
  standing: { word: '态势', place: '合同态势' },
  help: { word: '帮助', place: '使用帮助' },
  contract: { button: '合同管理' },
  procurement: { button: '采购与合同' },
  vendor: { button: '供应商' },
  savings: { button: '节约资金' },
  inspection: { button: '专项督查' },
  rectification: { button: '专项督查' },
  delegation: { button: '委托审批' },
  roles: { button: '我的角色' },
  delivery: { button: '发送失败' },
  group: { groupMenu: '绑定本群' },
};

/** Where the notice lands: a person's chat, a group, or the chat of a message whose kind is unknown. */
export type NoticeWhere = 'person' | 'group' | 'unknown';

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/** The card's callback actions in document order (Card JSON 2.0 `behaviors[].value.a`). */
function actionsOf(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const x of node) actionsOf(x, out);
  else if (isRecord(node)) {
    if (Array.isArray(node.behaviors))
      for (const b of node.behaviors)
        if (isRecord(b) && isRecord(b.value) && typeof b.value.a === 'string') out.push(b.value.a);
    for (const [k, v] of Object.entries(node)) if (k !== 'behaviors') actionsOf(v, out);
  }
  return out;
}

/** The first action of the card whose area has a place to reopen it (the menu's own buttons aside). */
function reopenOf(card: unknown): Reopen | undefined {
  for (const a of actionsOf(card)) {
    if (a === 'menu.show') continue;
    const r = REOPEN[a.split('.')[0] as Area];
    if (r) return r;
  }
  return undefined;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029<>]|\p{Cs}/gu;

/**
 * The card's header title, else its summary, as one short line of plain text: no line breaks or
 * control characters, and no `<` or `>`, so a text message cannot read an `<at>` tag out of it.
 */
export function cardLabel(card: unknown): string | undefined {
  const c = isRecord(card) ? card : {};
  const header = isRecord(c.header) && isRecord(c.header.title) ? c.header.title.content : undefined;
  const summary = isRecord(c.config) && isRecord(c.config.summary) ? c.config.summary.content : undefined;
  const raw = typeof header === 'string' && header.trim() ? header : summary;
  if (typeof raw !== 'string') return undefined;
  const line = raw.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  if (!line) return undefined;
  const chars = Array.from(line); // by code point, so an emoji is never cut in half
  return chars.length > 40 ? `${chars.slice(0, 39).join('')}…` : line;
}

function hint(r: Reopen | undefined, where: NoticeWhere): string {
  // In a group a word's section is sent privately, so a group is told to ask in private too.
  const ask = where === 'person' ? '请发送' : '请私聊我发送';
  if (!r) return `${ask}「菜单」打开主菜单,查看相关事项。`;
  if ('word' in r) return `${ask}「${r.word}」重新打开「${r.place}」。`;
  if ('button' in r) return `${ask}「菜单」,在主菜单点「${r.button}」重新打开。`;
  return `请在本群 @我,在群菜单点「${r.groupMenu}」重新打开。`;
}

/**
 * The text a person (or a group) gets instead of a card Feishu refused as invalid: what the card was
 * (its title) and how to open it again. Nothing typed in the card's body is repeated.
 */
export function refusedCardNotice(
  card: unknown,
  kind: 'send' | 'reply' | 'patch',
  where: NoticeWhere,
): string {
  const label = cardLabel(card);
  const name = label ? `卡片「${label}」` : '一张卡片';
  const what =
    kind === 'patch'
      ? `${name}未能更新为最新内容(飞书拒收了新的卡片内容),原卡片显示的可能已过时。`
      : `${name}因格式问题未能发出(飞书拒收)。`;
  return `${what}管理员已收到通知。${hint(reopenOf(card), where)}`;
}

async function whereOf(db: DbOrTx, row: OutboxRow): Promise<NoticeWhere> {
  const type =
    row.kind === 'send'
      ? row.receiveIdType
      : row.targetOutboxId
        ? await targetReceiverType(db, row.targetOutboxId)
        : null;
  return type === 'open_id' ? 'person' : type === 'chat_id' ? 'group' : 'unknown';
}

/**
 * A card (send, reply or patch) Feishu refused as invalid fails with its code and hash, and a text
 * notice goes to the same place instead: a send to the same receiver, or a reply to the message the
 * card replied to or updated (an update refused leaves the old card as it was). Returns the
 * notice's row id for the relay, undefined when another run of the job had already decided the row.
 * For rows of msg_type interactive (an urgent carries no card).
 */
export async function failRefusedCard(
  db: DbOrTx,
  row: OutboxRow,
  refusal: { code: number; msg: string },
): Promise<{ noticeId: string | undefined; cardHash: string }> {
  const cardHash = contentHash(row);
  const kind = row.kind === 'urgent' ? 'send' : row.kind;
  const text = refusedCardNotice(row.content, kind, await whereOf(db, row));
  const noticeId = await failWithNotice(
    db,
    row.id,
    { reason: `${refusal.code} ${refusal.msg}`, code: refusal.code, cardHash },
    { kind: row.kind === 'send' ? 'send' : 'reply', text },
  );
  return { noticeId, cardHash };
}

import type { MessageView } from '../../src/sandbox';
import { askMenu, titleOf } from './cards';
import type { Harness } from './harness';

/** Everything a card shows, as one string (its markdown and button texts). */
export const shown = (m: MessageView | undefined) => JSON.stringify(m?.content ?? null);

/**
 * 菜单 → 我的申请 → 查看 #id, as the filer would: returns the message now showing the request's card.
 */
export async function openRequestCard(h: Harness, who: string, id: number): Promise<MessageView> {
  const menu = await askMenu(h.sb, who);
  const mine = await h.sb.click(who, menu, '我的申请');
  if (!mine.card) throw new Error(`no 我的申请: ${JSON.stringify(mine.toast)}`);
  const opened = await h.sb.click(who, menu.messageId, `查看 #${id}`);
  if (!opened.card) throw new Error(`no request card: ${JSON.stringify(opened.toast)}`);
  const m = h.sb.message(menu.messageId)!;
  if (titleOf(m) !== `采购申请 #${id}`) throw new Error(`not the request card: ${titleOf(m)}`);
  return m;
}

/** The approval card `who` holds for request `id`. */
export const approvalCardOf = (h: Harness, who: string, id: number) =>
  h.sb.waitFor(() => h.sb.inbox(h.person(who)).find((m) => titleOf(m)?.startsWith(`采购审批 #${id} ·`)));

/** The toast of a click or a forged callback, typed. */
export const toastOf = (r: { toast?: unknown }) => r.toast as { type: string; content: string } | undefined;

import type { ActionName, ActionValue } from '../cards/values';
import { DomainError } from '../domain/errors';
import { actions } from './actions';
import type { Action } from './actions/types';
import type { WriteContext } from './types';

/**
 * Talk, not only buttons: short words and the bot menu's event
 * keys open a section directly, through the same action (and the same scope) as its button. The one
 * table of the words: each word and its obvious synonyms, the section each opens.
 */
export const WORDS = {
  待办: 'todo.show',
  我的待办: 'todo.show',
  审批: 'todo.show',
  审核: 'todo.show',
  待审批: 'todo.show',
  我的审批: 'todo.show',
  考核: 'score.list',
  月度考核: 'score.list',
  预算: 'budget.show',
  预算额度: 'budget.show',
  结算: 'settlement.list',
  结算审核: 'settlement.list',
  抽查: 'spotcheck.open',
  看板: 'board.show',
  纪检监察看板: 'board.show',
  态势: 'standing.show',
  合同态势: 'standing.show',
  督查: 'inspection.list',
  专项督查: 'inspection.list',
  整改: 'inspection.list',
  督查整改: 'inspection.list',
  采购: 'purchase.start',
  发起采购: 'purchase.start',
  采购申请: 'purchase.start',
  我的申请: 'purchase.mine',
  采购与合同: 'procurement.list',
  采购结果: 'procurement.list',
  合同: 'contract.list',
  合同管理: 'contract.list',
  供应商: 'vendor.list',
  供应商管理: 'vendor.list',
  供应商名录: 'vendor.list',
  导出: 'export.menu',
  导出台账: 'export.menu',
  下载台账: 'export.menu',
  节约资金: 'savings.show',
  导入: 'import.templates',
  导入模板: 'import.templates',
  数据导入: 'import.templates',
  委托审批: 'delegation.show',
  帮助: 'help',
  使用帮助: 'help',
} as const satisfies Record<string, ActionName>;

/** The bot menu's event keys (set in the developer console; README "Bot menu"). Others open the menu. */
export const MENU_KEYS = {
  menu: 'menu.show',
  todo: 'todo.show',
  score: 'score.list',
  budget: 'budget.show',
  settlement: 'settlement.list',
  spotcheck: 'spotcheck.open',
  board: 'board.show',
  help: 'help',
} as const satisfies Record<string, ActionName>;

export type Section = (typeof WORDS)[keyof typeof WORDS] | (typeof MENU_KEYS)[keyof typeof MENU_KEYS];

const own = <T extends object>(o: T, k: string): k is Extract<keyof T, string> => Object.hasOwn(o, k);

/** A message as a word: without spaces and punctuation. */
export const wordOf = (text: string) => text.replace(/[\s,.!?;:,。!?;:、~～]/g, '');

/** The section a message asks for: one of the words, give or take spaces and punctuation. */
export function sectionOfText(text: string): Section | undefined {
  const word = wordOf(text);
  return own(WORDS, word) ? WORDS[word] : undefined;
}

export function sectionOfMenuKey(key: string): Section {
  return own(MENU_KEYS, key) ? MENU_KEYS[key] : 'menu.show';
}

/**
 * Runs the section's action for the person behind the event, as a click on its button would: its
 * scope first, then its handler. A section that starts something (发起采购 opens the filing form on a
 * draft) runs in a savepoint of the event's transaction, so a refusal leaves nothing behind. A
 * refusal comes back as the text to answer with.
 */
export async function openSection(
  ctx: WriteContext,
  a: Section,
  where: { messageId: string; chatId: string },
): Promise<{ card: object } | { refusal: string }> {
  const value = { a } as ActionValue;
  const action = actions[a] as Action<ActionValue>;
  const event = {
    kind: 'card' as const,
    eventId: ctx.event.eventId,
    openId: ctx.event.openId,
    token: '',
    value,
    formValue: undefined,
    option: undefined,
    ...where,
  };
  try {
    const answer =
      action.mode === 'read'
        ? await (async () => {
            await action.scope({ actor: ctx.actor, db: ctx.deps.db }, value);
            return action.handle({ ...ctx, tx: ctx.deps.db, event }, value);
          })()
        : await ctx.tx.transaction(async (tx) => {
            await action.scope({ actor: ctx.actor, db: tx }, value);
            return action.handle({ ...ctx, tx, event, preloaded: undefined }, value);
          });
    if (answer.card) return { card: answer.card.data };
    return { refusal: answer.toast?.content ?? '暂无内容' };
  } catch (err) {
    if (err instanceof DomainError) return { refusal: err.message };
    throw err;
  }
}

/** Why the person may not open section `a` (its scope's refusal), or undefined when they may. */
export async function sectionRefusal(ctx: WriteContext, a: Section): Promise<string | undefined> {
  const action = actions[a] as Action<ActionValue>;
  try {
    await action.scope({ actor: ctx.actor, db: ctx.deps.db }, { a } as ActionValue);
    return undefined;
  } catch (err) {
    if (err instanceof DomainError) return err.message;
    throw err;
  }
}

import type { ActionName, ActionValue } from '../cards/values';
import { DomainError } from '../domain/errors';
import { actions } from './actions';
import type { ReadAction } from './actions/types';
import type { BaseContext } from './types';

/**
 * Talk, not only buttons (issue 12, point 3): short words and the bot menu's event keys open a
 * section directly, through the same action (and the same scope) as its button.
 */
export const WORDS = {
  待办: 'todo.show',
  考核: 'score.list',
  预算: 'budget.show',
  结算: 'settlement.list',
  抽查: 'spotcheck.open',
  看板: 'board.show',
  态势: 'standing.show',
  帮助: 'help',
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

/** The section a message asks for: one of the words, give or take spaces and punctuation. */
export function sectionOfText(text: string): Section | undefined {
  const word = text.replace(/[\s,.!?;:,。!?;:、~～]/g, '');
  return own(WORDS, word) ? WORDS[word] : undefined;
}

export function sectionOfMenuKey(key: string): Section {
  return own(MENU_KEYS, key) ? MENU_KEYS[key] : 'menu.show';
}

/**
 * Runs the section's read action for the person behind the event, as a click on its button would:
 * its scope first, then its handler. A refusal comes back as the text to answer with.
 */
export async function openSection(
  ctx: BaseContext,
  a: Section,
  where: { messageId: string; chatId: string },
): Promise<{ card: object } | { refusal: string }> {
  const value = { a } as ActionValue;
  const action = actions[a] as ReadAction<ActionValue>;
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
    await action.scope({ actor: ctx.actor, db: ctx.deps.db }, value);
    const answer = await action.handle({ ...ctx, tx: ctx.deps.db, event }, value);
    if (answer.card) return { card: answer.card.data };
    return { refusal: answer.toast?.content ?? '暂无内容' };
  } catch (err) {
    if (err instanceof DomainError) return { refusal: err.message };
    throw err;
  }
}

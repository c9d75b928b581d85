import type { ActionName } from '../cards/values';
import type { ChatType } from '../db/sql/chats';
import type { CallbackAnswer } from './types';

/**
 * What a group may see (issue 12, point 1), written down in one place.
 *
 * Card JSON 2.0 cards are shared: an answered card replaces the clicked one for every member of the
 * chat. So a click on a card in a group is answered in place only when its answer is the same for every member and shows nothing any of
 * them may not see. Every other answer card goes to the clicker's private chat, and the group card
 * stays as it was, with a toast (已私聊发送).
 *
 * Group-safe answers: `help` (the static help card).
 * Cards the bot itself posts into a group, all group-safe: the intro when it joins
 * (cards/menu.ts buildIntroCard) and the group menu on an @mention (cards/group.ts groupMenuCard).
 * Everything personal (menus with roles, to-dos, budgets, amounts, vendors, scores, settlements,
 * spot checks) is private.
 *
 * Which chats are groups (db/schema/chats.ts): every group the bot joins (the join event), every
 * group it is @mentioned in, every chat it posts to by chat id. A chat it has never seen counts as a
 * one-to-one chat: a card sent to a person lands in their private chat before Feishu tells the relay
 * that chat's id, and a click in that moment must not be turned away. The one case this leaves is a
 * card forwarded into a group the bot was never part of: there the clicker's own view replaces the
 * forwarded copy (their own data, never another person's: every click is still scoped).
 */
export const GROUP_SAFE_ANSWERS: ReadonlySet<ActionName> = new Set<ActionName>(['help']);

/** Whether the answer to a click on action `a` in a chat of this type must go to a private chat. */
export function answersPrivately(a: ActionName, chat: ChatType | undefined): boolean {
  return chat === 'group' && !GROUP_SAFE_ANSWERS.has(a);
}

/** The group's toast after the view went to the private chat, keeping what the answer said. */
export function sentPrivatelyAnswer(answer: CallbackAnswer, note: string): CallbackAnswer {
  return {
    toast: answer.toast
      ? { type: answer.toast.type, content: `${answer.toast.content}(${note})` }
      : { type: 'success', content: note },
  };
}

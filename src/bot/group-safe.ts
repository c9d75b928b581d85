import type { ActionName, ActionValue } from '../cards/values';
import type { ChatInfo } from '../db/sql/chats';
import type { CallbackAnswer } from './types';

/**
 * What a group may see, written down in one place.
 *
 * Card JSON 2.0 cards are shared: an answered card replaces the clicked one for every member of the
 * chat. So a click on a card in a group is answered in place only when its answer is the same for
 * every member and shows nothing any of them may not see. Every other answer card goes to the
 * clicker's private chat, and the group card stays as it was, with a toast (已私聊发送).
 *
 * Answered in place in any group:
 * - `help`: the static help card;
 * - `group.*`: binding the group (cards/group-binding.ts shows unit names and contract numbers with
 *   unit and category, never a vendor, an amount or a score).
 * Answered in place in a unit's bound leadership group, for that unit's own stages only:
 * - `approval.approve`, `approval.reject`, `approval.open`: the collective decision is the meeting's,
 *   and the leadership all see the request it decides (the dispatcher checks the stage's unit).
 * Cards the bot itself posts into a group, all group-safe: the intro when it joins
 * (cards/menu.ts buildIntroCard), the group menu on an @mention (cards/group.ts groupMenuCard), a
 * leadership stage's approval card in the unit's leadership group (features/purchase/stages.ts),
 * the month's scoring notice in a contract's project group (cards/group-reminder.ts: contract
 * number, unit, category, month, due date and who has not scored; no vendor, amount or score; its
 * 去评分 opens the form privately), and a rule-9 warning in the unit's leadership group (the same
 * card the people it names get: the leadership may all see their unit's vendors' warnings).
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
const IN_ANY_GROUP: ReadonlySet<ActionName> = new Set<ActionName>([
  'help',
  'group.open',
  'group.bind',
  'group.unbind',
]);
const IN_LEADERSHIP_GROUP: ReadonlySet<ActionName> = new Set<ActionName>([
  'approval.approve',
  'approval.reject',
  'approval.open',
]);

/** How a click's answer card is shown: in place, privately, or in place once the stage's unit is checked. */
export type Placement = 'in-place' | 'private' | { ifStageOfUnit: { stage: number; unit: number } };

export function placementOf(value: ActionValue, chat: ChatInfo): Placement {
  if (chat.type !== 'group' || IN_ANY_GROUP.has(value.a)) return 'in-place';
  if (IN_LEADERSHIP_GROUP.has(value.a) && chat.leadershipUnitId !== null && 'stage' in value)
    return { ifStageOfUnit: { stage: value.stage, unit: chat.leadershipUnitId } };
  return 'private';
}

/** The group's toast after the view went to the private chat, keeping what the answer said. */
export function sentPrivatelyAnswer(answer: CallbackAnswer, note: string): CallbackAnswer {
  return {
    toast: answer.toast
      ? { type: answer.toast.type, content: `${answer.toast.content}(${note})` }
      : { type: 'success', content: note },
  };
}

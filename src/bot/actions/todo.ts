import { buildApprovalCard } from '../../cards/approval';
import { buildTodoCard } from '../../cards/todo';
import { DomainError } from '../../domain/errors';
import { todosOf } from '../../features/purchase/todo';
import { approvalView } from '../../features/purchase/view';
import { type ActionHandler, raw } from './types';

export const showTodos: ActionHandler = async (ctx) => {
  if (!ctx.actor) throw new DomainError('unknown_person', '您尚未加入组织架构,请联系管理员');
  return { card: raw(buildTodoCard(await todosOf(ctx.tx, ctx.actor))) };
};

/** Opens a stage's approval card from the to-do list (the decision itself is checked when made). */
export const openApproval: ActionHandler<{ a: 'approval.open'; stage: number }> = async (ctx, v) => ({
  card: raw(buildApprovalCard(await approvalView(ctx.tx, v.stage))),
});

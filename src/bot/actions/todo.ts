import { buildApprovalCard } from '../../cards/approval';
import { buildTodoCard } from '../../cards/todo';
import { requireActor } from '../../domain/actor';
import { todosOf } from '../../features/purchase/todo';
import { approvalView } from '../../features/purchase/view';
import { raw } from '../types';
import type { ReadContext, ValueOf } from './types';

export const showTodos = async (ctx: ReadContext) => ({
  card: raw(buildTodoCard(await todosOf(ctx.tx, requireActor(ctx.actor)))),
});

/** Opens a stage's approval card from the to-do list (the decision itself is checked when made). */
export const openApproval = async (ctx: ReadContext, v: ValueOf<'approval.open'>) => ({
  card: raw(buildApprovalCard(await approvalView(ctx.tx, v.stage))),
});

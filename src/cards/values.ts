import { z } from 'zod';
import { scoreEntryFields } from '../domain/score-payload';

/**
 * Every button's callback value is one member of this union: builders encode with it and the
 * router decodes with it, so a card and its handler cannot disagree.
 */
export const actionValue = z.discriminatedUnion('a', [
  z.object({ a: z.literal('menu.show') }),
  z.object({ a: z.literal('roles.mine') }),
  z.object({ a: z.literal('roles.admin') }),
  z.object({ a: z.literal('roles.grant') }),
  z.object({ a: z.literal('roles.revoke') }),
  z.object({ a: z.literal('help') }),
  z.object({ a: z.literal('purchase.start') }),
  z.object({ a: z.literal('purchase.resume'), draft: z.number().int() }),
  z.object({
    a: z.literal('purchase.step'),
    draft: z.number().int(),
    step: z.number().int().min(1).max(5),
    go: z.enum(['next', 'back', 'save']),
  }),
  z.object({ a: z.literal('purchase.cancel'), draft: z.number().int() }),
  z.object({ a: z.literal('purchase.submit'), draft: z.number().int() }),
  z.object({ a: z.literal('approval.approve'), stage: z.number().int() }),
  z.object({ a: z.literal('approval.reject'), stage: z.number().int() }),
  z.object({ a: z.literal('todo.show') }),
  z.object({ a: z.literal('budget.show') }),
  z.object({ a: z.literal('budget.add') }),
  z.object({ a: z.literal('savings.show'), year: z.number().int().min(2000).max(2100).optional() }),
  z.object({ a: z.literal('savings.add') }),
  z.object({ a: z.literal('approval.open'), stage: z.number().int() }),
  z.object({ a: z.literal('score.list') }),
  z.object({ a: z.literal('score.form'), contract: z.number().int(), month: z.string().max(16) }),
  z.object({ a: z.literal('score.correct'), contract: z.number().int(), month: z.string().max(16) }),
  z.object({
    a: z.literal('score.preview'),
    contract: z.number().int(),
    month: z.string().max(16),
    supersedes: z.number().int().optional(),
  }),
  z.object({ a: z.literal('score.edit'), ...scoreEntryFields }),
  z.object({ a: z.literal('score.confirm'), ...scoreEntryFields }),
  z.object({ a: z.literal('vendor.list') }),
  z.object({ a: z.literal('vendor.add') }),
  z.object({ a: z.literal('procurement.list') }),
  z.object({ a: z.literal('procurement.form'), request: z.number().int() }),
  z.object({ a: z.literal('procurement.record'), request: z.number().int() }),
  z.object({ a: z.literal('contract.list') }),
  z.object({ a: z.literal('contract.form'), request: z.number().int() }),
  z.object({ a: z.literal('contract.preview'), request: z.number().int() }),
  z.object({ a: z.literal('contract.sign'), request: z.number().int() }),
  z.object({ a: z.literal('contract.show'), contract: z.number().int() }),
  z.object({ a: z.literal('settlement.list') }),
  z.object({ a: z.literal('settlement.show'), contract: z.number().int() }),
  z.object({
    a: z.literal('settlement.confirm'),
    contract: z.number().int(),
    period: z.string().min(1).max(60),
  }),
  z.object({ a: z.literal('termination.start'), case: z.number().int() }),
  z.object({ a: z.literal('termination.keep'), case: z.number().int() }),
  z.object({ a: z.literal('exit.close'), item: z.number().int() }),
]);
export type ActionValue = z.infer<typeof actionValue>;
export type ActionName = ActionValue['a'];

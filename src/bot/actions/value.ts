import { z } from 'zod';

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
  z.object({ a: z.literal('savings.show') }),
  z.object({ a: z.literal('savings.add') }),
  z.object({ a: z.literal('approval.open'), stage: z.number().int() }),
]);
export type ActionValue = z.infer<typeof actionValue>;
export type ActionName = ActionValue['a'];

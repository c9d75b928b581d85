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
]);
export type ActionValue = z.infer<typeof actionValue>;
export type ActionName = ActionValue['a'];

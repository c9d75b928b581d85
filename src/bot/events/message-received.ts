import { menuCardFor } from '../../cards/menu-for';
import { offerPhoto } from '../../features/inspections/photos';
import type { BotEvent } from '../normalize';
import type { EventHandler } from '../types';

/**
 * No free-text commands yet: any message is answered with the main menu, as a reply to it. An image
 * sent in a private chat by the owner of an open rectification item is offered for attachment instead.
 */
export const onMessage: EventHandler<Extract<BotEvent, { kind: 'message' }>> = async (ctx) => {
  const { imageKey, chatType, messageId } = ctx.event;
  if (imageKey && chatType === 'p2p' && ctx.actor) {
    const offer = await offerPhoto(ctx.tx, ctx.actor, messageId, imageKey, ctx.deps.now());
    if (offer) {
      await ctx.out.reply({ messageId }, { card: offer });
      return undefined;
    }
  }
  const card = menuCardFor(ctx.actor);
  await ctx.out.reply({ messageId }, { card });
  return undefined;
};

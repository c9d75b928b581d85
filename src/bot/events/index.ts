import type { BotEvent } from '../normalize';
import type { Handler } from '../types';
import { onBotAdded } from './bot-added';
import { onBotMenu } from './bot-menu';
import { onCardAction } from './card-action';
import { onMessage } from './message-received';

/** Every inbound event kind and its handler, in one list. */
export const handlers: { [K in BotEvent['kind']]: Handler<Extract<BotEvent, { kind: K }>> } = {
  message: onMessage,
  menu: onBotMenu,
  bot_added: onBotAdded,
  card: onCardAction,
};

import type { BotEvent } from '../normalize';
import type { EventHandler } from '../types';
import { onBotAdded } from './bot-added';
import { onBotMenu } from './bot-menu';
import { onDirectoryDepartment, onDirectoryUser } from './directory';
import { onMessage } from './message-received';

type OtherEvent = Exclude<BotEvent, { kind: 'card' }>;

/** Every inbound event kind other than a card click (those go through `actions`), and its handler. */
export const handlers: { [K in OtherEvent['kind']]: EventHandler<Extract<BotEvent, { kind: K }>> } = {
  message: onMessage,
  menu: onBotMenu,
  bot_added: onBotAdded,
  directory_user: onDirectoryUser,
  directory_department: onDirectoryDepartment,
};

/**
 * Schema-2.0 envelopes for the events this bot subscribes to, field for field as in the docs:
 * im.message.receive_v1 (/document/server-docs/im-v1/message/events/receive),
 * application.bot.menu_v6, im.chat.member.bot.added_v1, and the card callback
 * card.action.trigger (/document/feishu-cards/card-callback-communication).
 */
import { randomHex } from './credentials';
import type { SandboxChat, SandboxUser } from './types';

export interface Envelope {
  schema: '2.0';
  header: {
    event_id: string;
    event_type: string;
    create_time: string;
    token: string;
    app_id: string;
    tenant_key: string;
  };
  event: Record<string, unknown>;
}

export interface EnvelopeApp {
  appId: string;
  verificationToken: string;
  tenantKey: string;
  now: () => number;
}

export function envelope(
  app: EnvelopeApp,
  eventType: string,
  event: Record<string, unknown>,
  eventId?: string,
  createTime?: string,
): Envelope {
  return {
    schema: '2.0',
    header: {
      event_id: eventId ?? randomHex(16),
      event_type: eventType,
      create_time: createTime ?? String(app.now()),
      token: app.verificationToken,
      app_id: app.appId,
      tenant_key: app.tenantKey,
    },
    event,
  };
}

function userIds(u: SandboxUser): { union_id: string; user_id: string; open_id: string } {
  return { union_id: u.unionId, user_id: u.userId, open_id: u.openId };
}

export interface ReceivedText {
  user: SandboxUser;
  chat: SandboxChat;
  messageId: string;
  text: string;
  createdAt: number;
  /** Who the message @mentions, in order: their keys `@_user_1`... lead the text, as Feishu sends it. */
  mentions?: { openId: string; name: string }[];
}

export function messageReceived(app: EnvelopeApp, m: ReceivedText, eventId?: string): Envelope {
  return envelope(
    app,
    'im.message.receive_v1',
    {
      sender: { sender_id: userIds(m.user), sender_type: 'user', tenant_key: app.tenantKey },
      message: {
        message_id: m.messageId,
        create_time: String(m.createdAt),
        update_time: String(m.createdAt),
        chat_id: m.chat.chatId,
        chat_type: m.chat.type,
        message_type: 'text',
        content: JSON.stringify({
          text: [...(m.mentions ?? []).map((_, i) => `@_user_${i + 1}`), m.text].join(' '),
        }),
        ...(m.mentions?.length
          ? {
              mentions: m.mentions.map((x, i) => ({
                key: `@_user_${i + 1}`,
                id: { open_id: x.openId },
                name: x.name,
                tenant_key: app.tenantKey,
              })),
            }
          : {}),
      },
    },
    eventId,
  );
}

export function menuClicked(
  app: EnvelopeApp,
  user: SandboxUser,
  eventKey: string,
  eventId?: string,
): Envelope {
  return envelope(
    app,
    'application.bot.menu_v6',
    {
      operator: { operator_name: user.name, operator_id: userIds(user) },
      event_key: eventKey,
      timestamp: String(Math.floor(app.now() / 1000)),
    },
    eventId,
  );
}

export function botAdded(
  app: EnvelopeApp,
  chat: SandboxChat,
  operator: SandboxUser,
  eventId?: string,
): Envelope {
  return envelope(
    app,
    'im.chat.member.bot.added_v1',
    {
      chat_id: chat.chatId,
      operator_id: userIds(operator),
      external: false,
      operator_tenant_key: app.tenantKey,
      name: chat.name,
    },
    eventId,
  );
}

export interface CardAction {
  tag: string;
  value?: unknown;
  name?: string;
  form_value?: Record<string, unknown>;
  option?: string;
  input_value?: string;
}

export interface CardCallback {
  user: SandboxUser;
  updateToken: string;
  action: CardAction;
  messageId: string;
  chatId: string;
}

export function cardActionTriggered(app: EnvelopeApp, c: CardCallback, eventId?: string): Envelope {
  return envelope(
    app,
    'card.action.trigger',
    {
      operator: { tenant_key: app.tenantKey, ...userIds(c.user) },
      token: c.updateToken,
      action: c.action,
      host: 'im_message',
      context: { open_message_id: c.messageId, open_chat_id: c.chatId },
    },
    eventId,
    // The card callback's create_time is in microseconds (unlike events), per its doc page.
    `${app.now()}000`,
  );
}

import type { MessageView } from '../../src/sandbox';

/** The header title of a card message, for assertions that read like what a person sees. */
export function titleOf(m: MessageView | undefined): string | undefined {
  const c = m?.content as { header?: { title?: { content?: string } } } | undefined;
  return c?.header?.title?.content;
}

export function botCards(inbox: MessageView[]): MessageView[] {
  return inbox.filter((m) => m.sender === 'bot' && m.msgType === 'interactive');
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Posts a card callback straight to the bot, signed and encrypted like Feishu's, with whatever form
 * values a forged or outdated client might send (the sandbox's own click refuses such values).
 */
export async function forgeCardCallback(
  h: { sb: import('../../src/sandbox').Sandbox; app: { port: number }; now?: () => Date },
  openId: string,
  messageId: string,
  value: object,
  formValue: Record<string, unknown>,
  chatId = '',
) {
  const { cardActionTriggered } = await import('../../src/sandbox/envelopes');
  const { sealEnvelope } = await import('../../src/sandbox/event-crypto');
  const user = h.sb.users().find((u) => u.openId === openId)!;
  // Signed at the harness's time: the webhook refuses a timestamp far from its own clock.
  const now = () => (h.now ? h.now().getTime() : Date.now());
  const env = cardActionTriggered(
    {
      appId: h.sb.appId,
      verificationToken: h.sb.verificationToken,
      tenantKey: h.sb.tenantKey,
      now,
    },
    {
      user,
      updateToken: 'c-forged',
      action: { tag: 'button', value, form_value: formValue },
      messageId,
      chatId,
    },
  );
  const sealed = sealEnvelope(env, { encryptKey: h.sb.encryptKey, timestamp: Math.floor(now() / 1000) });
  const res = await fetch(`http://127.0.0.1:${h.app.port}/feishu/events`, {
    method: 'POST',
    headers: sealed.headers,
    body: sealed.body,
  });
  // The callback answer: a toast, and the card that replaces the clicked one when there is one.
  return (await res.json()) as { toast?: { type: string; content: string }; card?: unknown };
}

/**
 * Says 菜单 as `openId` and returns the menu card this message brings: not a card that was already
 * in the inbox, nor a warning or reminder that arrives meanwhile.
 */
export async function askMenu(sb: import('../../src/sandbox').Sandbox, openId: string): Promise<MessageView> {
  const before = new Set(sb.inbox(openId).map((m) => m.messageId));
  await sb.say(openId, '菜单');
  return sb.waitFor(() =>
    botCards(sb.inbox(openId)).find((m) => !before.has(m.messageId) && titleOf(m) === '政府购买服务监管助手'),
  );
}

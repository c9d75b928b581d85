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

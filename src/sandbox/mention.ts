/**
 * How a person addresses the bot in a group: by typing `@机器人` (or its full name) anywhere in the
 * message, as they would pick it from Feishu's @ list. The web chat and the terminal chat both read
 * it here; the mention itself travels as Feishu sends it (`@_user_1` leading the text, envelopes.ts).
 */
export const BOT_NAME = '政府购买服务监管助手';
const BOT_MENTION = new RegExp(`@(?:机器人|${BOT_NAME})`, 'g');

export function botMention(text: string): { text: string; mentionsBot: boolean } {
  const rest = text.replace(BOT_MENTION, ' ');
  return { text: rest.replace(/\s+/g, ' ').trim(), mentionsBot: rest !== text };
}

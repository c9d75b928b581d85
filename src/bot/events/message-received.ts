import { groupMenuCard, SENT_PRIVATELY } from '../../cards/group';
import { menuOffers } from '../../cards/menu';
import { menuCardFor } from '../../cards/menu-for';
import { rawSql } from '../../db/client';
import { rememberChatOn } from '../../db/sql/chats';
import { CONTROL_CHARS_REFUSAL, hasControlChars } from '../../domain/form';
import { receiveImportFile } from '../../features/imports/receive';
import { importableBy } from '../../features/imports/registry';
import { offerPhoto } from '../../features/inspections/photos';
import { offerAttachment } from '../../features/purchase/attach';
import { answerOf } from '../actions/imports';
import type { BotEvent } from '../normalize';
import { openSection, type Section, sectionOfText, sectionRefusal, wordOf } from '../sections';
import type { EventHandler, WriteContext } from '../types';

type MessageEvent = Extract<BotEvent, { kind: 'message' }>;

/**
 * A typed word's answer: its section's card, or, for a section the person cannot use (their menu
 * does not offer it, or its scope refuses them), their main menu saying why: a word answers as the
 * menu does for them.
 */
async function answerWord(
  ctx: WriteContext<MessageEvent>,
  section: Section,
  where: { messageId: string; chatId: string },
): Promise<object> {
  const word = wordOf(ctx.event.text);
  const refused = (why: string) => menuCardFor(ctx.actor, `「${word}」:${why}`);
  const view = { name: ctx.actor?.name, roles: ctx.actor?.grants ?? [] };
  if (menuOffers(view, section) === false)
    return refused((await sectionRefusal(ctx, section)) ?? NOT_ON_MENU);
  const opened = await openSection(ctx, section, where);
  return 'card' in opened ? opened.card : refused(opened.refusal);
}

const NOT_ON_MENU = '您的角色不含该功能,请从下方选择要办理的事项';

/**
 * A message. In a private chat: one of the short words (bot/sections.ts WORDS) opens its section (or,
 * when the person may not use it, their menu saying why), a file is a spreadsheet to import (its
 * preview, or a refusal in words: features/imports/receive.ts), an image from the owner of
 * an open rectification item is offered for attachment, anything else gets the main menu. In a group
 * the bot answers only when @mentioned, and never with anything personal: a word's section goes to
 * the sender's private chat, anything else gets the group menu (bot/group-safe.ts).
 */
export const onMessage: EventHandler<MessageEvent> = async (ctx) => {
  const { imageKey, chatType, chatId, messageId, text, mentions } = ctx.event;
  const inGroup = chatType !== 'p2p';
  if (chatId) ctx.beforeCommit(rememberChatOn(rawSql(ctx.tx), chatId, inGroup ? 'group' : 'p2p'));
  // With the ordinary scope Feishu delivers only group messages that @mention the bot; with the broad
  // one (or a bot open_id configured) the mention is checked here too.
  const bot = ctx.deps.botOpenId;
  if (inGroup && (mentions.length === 0 || (bot && !mentions.includes(bot)))) return undefined;
  // Said plainly rather than read as an unknown word (which would answer with the menu).
  if (hasControlChars(text)) {
    await ctx.out.reply({ messageId }, { text: CONTROL_CHARS_REFUSAL });
    return undefined;
  }
  if (inGroup) {
    const section = sectionOfText(text);
    if (!section) {
      await ctx.out.reply({ messageId }, { card: groupMenuCard() });
      return undefined;
    }
    const me = { type: 'open_id' as const, id: ctx.event.openId };
    await ctx.out.send(me, { card: await answerWord(ctx, section, { messageId, chatId }) });
    await ctx.out.reply({ messageId }, { text: SENT_PRIVATELY });
    return undefined;
  }
  // A file from a filer with an open request is offered as its attachment (a 会议纪要 scan), unless
  // it is a spreadsheet its sender may import, which goes to 导入 as before.
  const file = ctx.event.file;
  const forImport = file && /\.xlsx$/i.test(file.fileName.trim()) && importableBy(ctx.actor).length > 0;
  if (file && ctx.actor && !forImport) {
    const sent = { messageId, fileKey: file.fileKey, kind: 'file' as const, fileName: file.fileName };
    const offer = await offerAttachment(ctx.tx, ctx.actor, sent, ctx.deps.now());
    if (offer) {
      await ctx.out.reply({ messageId }, { card: offer });
      return undefined;
    }
  }
  // A spreadsheet sent for import (导入): checked, previewed and stored, or refused in words.
  if (ctx.event.file) {
    const answer = await receiveImportFile(
      ctx.tx,
      ctx.actor,
      { messageId, ...ctx.event.file },
      { download: ctx.deps.downloadFile, now: ctx.deps.now() },
    );
    await ctx.out.reply({ messageId }, answerOf(answer, ctx.actor));
    return undefined;
  }
  if (imageKey && ctx.actor) {
    // An image may be a rectification photo or a request's attachment (a 会议纪要 scan): each open
    // thing of the sender's is offered, one card per kind.
    const now = ctx.deps.now();
    const offers = [
      await offerPhoto({ tx: ctx.tx, actor: ctx.actor, now }, { messageId, fileKey: imageKey }),
      await offerAttachment(ctx.tx, ctx.actor, { messageId, fileKey: imageKey, kind: 'image' }, now),
    ].filter((x) => x !== undefined);
    for (const card of offers) await ctx.out.reply({ messageId }, { card });
    if (offers.length) return undefined;
  }
  const section = sectionOfText(text);
  if (section) {
    await ctx.out.reply({ messageId }, { card: await answerWord(ctx, section, { messageId, chatId }) });
    return undefined;
  }
  await ctx.out.reply({ messageId }, { card: menuCardFor(ctx.actor) });
  return undefined;
};

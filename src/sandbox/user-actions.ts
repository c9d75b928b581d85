import { applyCardAnswer } from './card-answer';
import { assertOption, buildFormValue, type FormValues, findSelect } from './card-form';
import { ButtonNotFoundError, buttonsOf, findButton, isSubset } from './card-walk';
import type { SandboxCore } from './core';
import { randomHex } from './credentials';
import type { Deliverer } from './deliverer';
import { p2pChatId } from './directory';
import {
  botAdded,
  type CardAction,
  cardActionTriggered,
  type EnvelopeApp,
  menuClicked,
  messageReceived,
} from './envelopes';
import { fileStoreOf } from './file-store';
import { newFileKey } from './im-file';
import { fileMessageReceived, imageMessageReceived, newImageKey } from './im-resource';
import { BOT_NAME } from './mention';
import { currentContent } from './message-store';
import type {
  ClickResult,
  DeliveryRecord,
  SandboxChat,
  SandboxUser,
  StoredMessage,
  TamperOptions,
} from './types';

export interface SayOptions extends TamperOptions {
  /** A group the user is in; default: the user's one-to-one chat with the bot. */
  chatId?: string;
  /**
   * Who the message @mentions: open_ids or names of users, or `botOpenId(appId)` for the bot. The
   * sandbox delivers every group message (as with the broad "all group messages" scope), so a test
   * can show that the bot itself ignores a group message that does not mention it.
   */
  mentions?: string[];
}

/** The bot's own open_id in the sandbox (what FEISHU_BOT_OPEN_ID names in production). */
export const botOpenId = (appId: string) => `ou_bot_${appId.slice(4)}`;

export type MessageRef = string | { messageId: string };

/** Feishu's limit on a group's name, in characters. */
export const MAX_GROUP_NAME = 60;

export interface NewGroup {
  name: string;
  /** The other members (open_ids or names); the creator is always one. */
  members: string[];
  /** Add the bot as the group is created (its im.chat.member.bot.added_v1 follows); default true. */
  withBot?: boolean;
}

/** What people do in the Feishu client, turned into the events and callbacks the bot receives. */
export class UserActions {
  constructor(
    private readonly core: SandboxCore,
    private readonly deliverer: Deliverer,
  ) {}

  async say(who: string, text: string, opts: SayOptions = {}): Promise<DeliveryRecord> {
    const user = this.user(who);
    const chatId = opts.chatId ?? p2pChatId(user.openId);
    const chat = this.core.directory.chat(chatId);
    if (!chat?.members.includes(user.openId)) throw new Error(`${user.name} 不在会话 ${chatId} 中`);
    if (!chat.botIsMember) throw new Error(`机器人不在会话 ${chatId} 中，收不到消息`);
    const bot = botOpenId(this.app().appId);
    const mentions = (opts.mentions ?? []).map((who) =>
      who === bot
        ? { openId: bot, name: BOT_NAME }
        : { openId: this.user(who).openId, name: this.user(who).name },
    );
    // The chat shows the mentions by name, as the client draws `@_user_1`.
    const shown = [...mentions.map((x) => `@${x.name}`), text].join(' ');
    const m = this.core.store.add({
      chatId,
      msgType: 'text',
      content: { text: shown },
      sender: 'user',
      senderOpenId: user.openId,
    });
    const env = messageReceived(
      this.app(),
      { user, chat, messageId: m.messageId, text, createdAt: m.createdAt, mentions },
      opts.eventId,
    );
    return this.deliverer.deliver(env, 'event', opts);
  }

  /**
   * Sends an image message (as the Feishu client uploads and sends a picture): the bytes are then
   * served by the message-resource route for this message and its `image_key`.
   */
  async sendImage(
    who: string,
    bytes: Buffer,
    opts: SayOptions = {},
  ): Promise<DeliveryRecord & { messageId: string; imageKey: string }> {
    const user = this.user(who);
    const chat = this.chatFor(user, opts.chatId);
    const imageKey = newImageKey();
    const m = this.core.store.add({
      chatId: chat.chatId,
      msgType: 'image',
      content: { image_key: imageKey },
      sender: 'user',
      senderOpenId: user.openId,
    });
    this.core.images.put(m.messageId, imageKey, bytes);
    const env = imageMessageReceived(
      this.app(),
      { user, chat, messageId: m.messageId, imageKey, createdAt: m.createdAt },
      opts.eventId,
    );
    const delivery = await this.deliverer.deliver(env, 'event', opts);
    return { ...delivery, messageId: m.messageId, imageKey };
  }

  /**
   * Sends a file message (as the client uploads and sends any file): the bot gets `{file_key,
   * file_name}` and downloads the bytes from the message-resource route with `type=file`.
   */
  async sendFile(
    who: string,
    fileName: string,
    bytes: Buffer,
    opts: SayOptions = {},
  ): Promise<DeliveryRecord & { messageId: string; fileKey: string }> {
    const user = this.user(who);
    const chat = this.chatFor(user, opts.chatId);
    if (!fileName.trim()) throw new Error('文件名不能为空');
    if (bytes.length === 0) throw new Error('不能发送空文件');
    const fileKey = newFileKey();
    fileStoreOf(this.core).put({ fileKey, fileType: 'stream', fileName, bytes });
    const m = this.core.store.add({
      chatId: chat.chatId,
      msgType: 'file',
      content: { file_key: fileKey, file_name: fileName },
      sender: 'user',
      senderOpenId: user.openId,
    });
    const env = fileMessageReceived(
      this.app(),
      { user, chat, messageId: m.messageId, fileKey, fileName, createdAt: m.createdAt },
      opts.eventId,
    );
    const delivery = await this.deliverer.deliver(env, 'event', opts);
    return { ...delivery, messageId: m.messageId, fileKey };
  }

  /**
   * A person creates a group in the client with the people they picked, and (by default) adds the
   * bot, which then gets im.chat.member.bot.added_v1 with the creator as operator.
   */
  async createGroup(creator: string, g: NewGroup): Promise<{ chat: SandboxChat; delivery?: DeliveryRecord }> {
    const user = this.user(creator);
    const name = g.name.trim();
    if (!name) throw new Error('请填写群名称');
    if ([...name].length > MAX_GROUP_NAME) throw new Error(`群名称不能超过 ${MAX_GROUP_NAME} 个字`);
    const members = [user.openId];
    for (const who of g.members) {
      const openId = this.user(who).openId;
      if (!members.includes(openId)) members.push(openId);
    }
    const chat = this.core.directory.addChat({
      chatId: `oc_${randomHex(16)}`,
      name,
      members,
      botIsMember: false,
    });
    if (g.withBot === false) return { chat };
    return { chat, delivery: await this.addBotToChat(chat.chatId, user.openId) };
  }

  async menu(who: string, eventKey: string, tamper: TamperOptions = {}): Promise<DeliveryRecord> {
    const env = menuClicked(this.app(), this.user(who), eventKey, tamper.eventId);
    return this.deliverer.deliver(env, 'event', tamper);
  }

  async addBotToChat(chatId: string, operator: string, tamper: TamperOptions = {}): Promise<DeliveryRecord> {
    const chat = this.core.directory.chat(chatId);
    if (chat?.type !== 'group') throw new Error(`群 ${chatId} 不存在`);
    this.core.directory.setBotMembership(chatId, true);
    const env = botAdded(this.app(), chat, this.user(operator), tamper.eventId);
    return this.deliverer.deliver(env, 'event', tamper);
  }

  /**
   * The web chat's press: the button whose whole callback value this is. A person's second click on
   * a card the first click replaced finds no such button (the card changed under the finger) and is
   * refused as a stale click, never matched to another button whose value merely contains it.
   */
  async clickWhole(who: string, ref: MessageRef, value: Record<string, unknown>, formValues?: FormValues) {
    const m = this.visibleCard(this.user(who), ref);
    const same = buttonsOf(currentContent(m)).some(
      (b) => isSubset(value, b.value) && isSubset(b.value, value),
    );
    if (!same) throw new ButtonNotFoundError(`找不到按钮${JSON.stringify(value)}`);
    return this.click(who, ref, value, formValues);
  }

  /** Presses a button (by its text, element name or a subset of its callback value). */
  async click(
    who: string,
    ref: MessageRef,
    target: string | Record<string, unknown>,
    formValues?: FormValues,
    tamper: TamperOptions = {},
  ): Promise<ClickResult> {
    return (await this.clickLater(who, ref, target, formValues, tamper)).apply();
  }

  /**
   * `click`, with the client's handling of the answer (checking and showing the card it returns)
   * left to the caller's `apply()`: a benchmark runs it after the round it times, so the stand-in's
   * own card checks do not compete for the machine the bot is measured on.
   */
  async clickLater(
    who: string,
    ref: MessageRef,
    target: string | Record<string, unknown>,
    formValues?: FormValues,
    tamper: TamperOptions = {},
  ): Promise<{ delivery: DeliveryRecord; apply: () => ClickResult }> {
    const user = this.user(who);
    const m = this.visibleCard(user, ref);
    const button = findButton(currentContent(m), target);
    if (button.disabled) throw new Error(`按钮「${button.text}」已禁用`);
    if (!button.callsBack) throw new Error(`按钮「${button.text}」没有回传交互（例如只是打开链接）`);
    if (formValues && !button.submitsForm) throw new Error(`按钮「${button.text}」不是表单的提交按钮`);
    const action: CardAction = {
      tag: 'button',
      ...(button.value !== undefined ? { value: button.value } : {}),
      ...(button.name ? { name: button.name } : {}),
      ...(button.submitsForm && button.form ? { form_value: buildFormValue(button.form, formValues) } : {}),
    };
    return this.deliverAction(user, m, action, tamper);
  }

  /** Picks an option of a select_static / select_person / overflow that is not inside a form. */
  async select(
    who: string,
    ref: MessageRef,
    elementName: string,
    option: string,
    tamper: TamperOptions = {},
  ): Promise<ClickResult> {
    const user = this.user(who);
    const m = this.visibleCard(user, ref);
    const found = findSelect(currentContent(m), elementName);
    if (found.tag !== 'select_person') assertOption(found.node, option);
    const action: CardAction = {
      tag: found.tag,
      ...(found.value !== undefined ? { value: found.value } : {}),
      name: elementName,
      option,
    };
    return (await this.deliverAction(user, m, action, tamper)).apply();
  }

  /** Re-pushes an earlier envelope; a card callback's answer is applied again, as the client would. */
  async redeliver(eventId: string, tamper: TamperOptions = {}): Promise<DeliveryRecord> {
    const delivery = await this.deliverer.redeliver(eventId, tamper);
    const env = this.deliverer.envelopeOf(eventId);
    const context = env?.event.context as { open_message_id?: string } | undefined;
    if (this.deliverer.kindOf(eventId) === 'card' && context?.open_message_id) {
      applyCardAnswer(this.core, context.open_message_id, delivery);
    }
    return delivery;
  }

  private async deliverAction(
    user: SandboxUser,
    m: StoredMessage,
    action: CardAction,
    tamper: TamperOptions,
  ): Promise<{ delivery: DeliveryRecord; apply: () => ClickResult }> {
    const updateToken = this.core.cardTokens.issue(m.messageId);
    const env = cardActionTriggered(
      this.app(),
      { user, updateToken, action, messageId: m.messageId, chatId: m.chatId },
      tamper.eventId,
    );
    const delivery = await this.deliverer.deliver(env, 'card', tamper);
    return { delivery, apply: () => applyCardAnswer(this.core, m.messageId, delivery) };
  }

  private visibleCard(user: SandboxUser, ref: MessageRef): StoredMessage {
    const id = typeof ref === 'string' ? ref : ref.messageId;
    const m = this.core.store.get(id);
    if (!m) throw new Error(`消息 ${id} 不存在`);
    const members = this.core.directory.chat(m.chatId)?.members ?? [];
    if (!members.includes(user.openId)) throw new Error(`${user.name} 看不到消息 ${id}`);
    if (m.msgType !== 'interactive') throw new Error(`消息 ${id} 不是卡片（${m.msgType}）`);
    return m;
  }

  /** The chat a person sends in (default their private chat with the bot), if they and the bot are in it. */
  private chatFor(user: SandboxUser, chatId = p2pChatId(user.openId)): SandboxChat {
    const chat = this.core.directory.chat(chatId);
    if (!chat?.members.includes(user.openId)) throw new Error(`${user.name} 不在会话 ${chatId} 中`);
    if (!chat.botIsMember) throw new Error(`机器人不在会话 ${chatId} 中，收不到消息`);
    return chat;
  }

  private user(who: string): SandboxUser {
    const user = this.core.directory.findUser(who);
    if (!user) throw new Error(`未知用户 ${who}`);
    return user;
  }

  private app(): EnvelopeApp {
    const { appId, verificationToken, tenantKey, now } = this.core;
    return { appId, verificationToken, tenantKey, now };
  }
}

/**
 * The sandbox: a local stand-in for the parts of the Feishu Open Platform this bot uses, which the
 * real `@larksuiteoapi/node-sdk` talks to (`new lark.Client({domain: sb.url, ...})`). It keeps
 * Feishu's routes, error codes, rate limits and uuid idempotency, pushes signed and encrypted
 * events and card callbacks to the bot, applies the cards the bot answers with, and records it all.
 */
import {
  type ApprovalDefinitionView,
  type ApprovalInstanceView,
  approvalCenterOf,
} from './approval-center-store';
import { createCore } from './core';
import { APP_ID_PATTERN } from './credentials';
import { Deliverer } from './deliverer';
import { type NewChat, type NewUser, p2pChatId } from './directory';
import { type DirectoryChanges, directoryChanges } from './directory-changes';
import { type FaultApi, faultsOf } from './faults';
import { fileInfoOf, fileStoreOf } from './file-store';
import { viewOf } from './message-store';
import { createSandboxServer, listen, shutdown } from './server';
import {
  type ClickResult,
  type DeliveryRecord,
  FEISHU_LIMITS,
  type MessageView,
  type SandboxChat,
  type SandboxError,
  type SandboxLimits,
  type SandboxLogger,
  type SandboxStats,
  type SandboxUser,
  type TamperOptions,
} from './types';
import { botOpenId, type MessageRef, type NewGroup, type SayOptions, UserActions } from './user-actions';
import { waitFor } from './wait-for';
import { createWsHub, type WsHub } from './ws-hub';

export type {
  ApprovalDefinitionView,
  ApprovalInstanceView,
  ApprovalTaskView,
} from './approval-center-store';
export { type AppCredentials, newAppCredentials } from './credentials';
export { p2pChatId } from './directory';
export type { DirectoryChanges } from './directory-changes';
export type { FaultApi } from './faults';
export * from './types';
export type { MessageRef, NewGroup, SayOptions } from './user-actions';
export { botOpenId } from './user-actions';

/** A file message as its receiver gets it: the message, the upload's name and bytes. */
export type ReceivedFile = {
  messageId: string;
  chatId: string;
  fileKey: string;
  fileName: string;
  bytes: Buffer;
};

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** `cli_` + 16 hex, or the SDK's WSClient silently refuses to start. */
  appId: string;
  appSecret: string;
  /** When set, HTTP events are encrypted and signed, as Feishu does for an app with an Encrypt Key. */
  encryptKey?: string;
  verificationToken: string;
  /** The bot's webhook; can be set later with `setEventUrl`. */
  eventUrl?: string;
  limits?: Partial<SandboxLimits>;
  logger?: SandboxLogger;
  /** Clock for limits, token lifetimes and the 14-day edit window (tests move time with it). */
  now?: () => number;
}

export interface Sandbox {
  readonly url: string;
  readonly appId: string;
  /** The bot's own open_id: mention it in a group (`say(..., { chatId, mentions: [sb.botOpenId] })`). */
  readonly botOpenId: string;
  readonly appSecret: string;
  readonly encryptKey: string | undefined;
  readonly verificationToken: string;
  readonly tenantKey: string;
  readonly limits: SandboxLimits;
  readonly hub: WsHub;
  setEventUrl(url: string | undefined): void;
  /** Invalidates every tenant_access_token issued so far (later calls with them get 99991663). */
  revokeTokens(): void;
  addUser(user: NewUser): SandboxUser;
  users(): SandboxUser[];
  addChat(chat: NewChat): SandboxChat;
  /** The directory (通讯录): departments, and users joining, changing and leaving, each with its event. */
  readonly directory: DirectoryChanges;
  /** Messages visible to the user (open_id or name), oldest first. */
  inbox(user: string): MessageView[];
  lastCard(user: string): MessageView | undefined;
  /** The files the bot sent the user (file messages in chats they are in), with the uploaded bytes. */
  filesReceived(user: string): ReceivedFile[];
  message(messageId: string): MessageView | undefined;
  say(user: string, text: string, opts?: SayOptions): Promise<DeliveryRecord>;
  /** The user sends an image (its bytes served by the message-resource route). */
  sendImage(
    user: string,
    bytes: Buffer,
    opts?: SayOptions,
  ): Promise<DeliveryRecord & { messageId: string; imageKey: string }>;
  /** The user sends a file (any file): the bot gets `{file_key, file_name}` and may download it. */
  sendFile(
    user: string,
    fileName: string,
    bytes: Buffer,
    opts?: SayOptions,
  ): Promise<DeliveryRecord & { messageId: string; fileKey: string }>;
  /** The user creates a group with the people named and, unless `withBot: false`, adds the bot. */
  createGroup(creator: string, group: NewGroup): Promise<{ chat: SandboxChat; delivery?: DeliveryRecord }>;
  menu(user: string, eventKey: string, tamper?: TamperOptions): Promise<DeliveryRecord>;
  addBotToChat(chatId: string, operator: string, tamper?: TamperOptions): Promise<DeliveryRecord>;
  /** A member removes the bot from a group: sends to it are refused with 230002 until it is added back. */
  removeBotFromChat(chatId: string): void;
  click(
    user: string,
    message: MessageRef,
    button: string | Record<string, unknown>,
    formValues?: Record<string, unknown>,
    tamper?: TamperOptions,
  ): Promise<ClickResult>;
  /** `click`, the client's handling of the answer deferred to `apply()` (for benchmarks). */
  clickLater(
    user: string,
    message: MessageRef,
    button: string | Record<string, unknown>,
    formValues?: Record<string, unknown>,
  ): Promise<{ delivery: DeliveryRecord; apply: () => ClickResult }>;
  select(
    user: string,
    message: MessageRef,
    elementName: string,
    option: string,
    tamper?: TamperOptions,
  ): Promise<ClickResult>;
  redeliver(eventId: string, tamper?: TamperOptions): Promise<DeliveryRecord>;
  deliveries(): DeliveryRecord[];
  errors(): SandboxError[];
  stats(): SandboxStats;
  /** Each chat the bot created messages in, with how many and when the last was created (benchmarks). */
  botMessagesByChat(): Map<string, { count: number; lastAt: number }>;
  /** The approval center's external approval definitions, as the app defined them. */
  approvalDefinitions(): ApprovalDefinitionView[];
  /** The approval center's instances (one per instance_id, however often it was written). */
  approvalInstances(): ApprovalInstanceView[];
  approvalInstance(instanceId: string): ApprovalInstanceView | undefined;
  /**
   * The fault knob of the approval center: while on, instance syncs are answered with code 0 and
   * not kept (an outage that loses updates, which only `external_instances/check` reveals).
   */
  dropApprovalUpdates(on: boolean): void;
  /** Instance syncs answered but not kept while the knob was on. */
  droppedApprovalUpdates(): number;
  /**
   * The fault knob of the message APIs: the next `times` (default 1) calls of `api` (default `send`:
   * message create and reply) to `to` (a person's open_id or name, or a chat id; default: anyone)
   * are answered with `code`, worded and with the HTTP status Feishu uses (230020, 11232, 230002,
   * 230013, 230099, ...). Then the API answers normally again.
   */
  refuse(fault: { code: number; to?: string; api?: FaultApi; times?: number }): void;
  /**
   * Grants or revokes one of the app's scopes. Only 加急's is modelled: without `im:message.urgent`
   * the urgent API answers 99991672 naming the scopes it needs, as Feishu does.
   */
  setScope(scope: string, granted: boolean): void;
  /** Polls until `fn` returns something truthy and resolves with it; rejects after `timeoutMs`. */
  waitFor<T>(fn: () => T | Promise<T>, timeoutMs?: number): Promise<NonNullable<T>>;
  /**
   * Forgets messages, deliveries, errors, stats, rate-limit history and the refusals asked for with
   * `refuse` (a scope revoked stays revoked); keeps users, chats, tokens
   * and the approval center (its definitions are what the app's database names).
   */
  reset(): void;
  close(): Promise<void>;
}

export async function startSandbox(opts: SandboxOptions): Promise<Sandbox> {
  if (!APP_ID_PATTERN.test(opts.appId)) throw new Error(`appId 必须是 cli_ 加 16 位十六进制：${opts.appId}`);
  const limits: SandboxLimits = { ...FEISHU_LIMITS, ...opts.limits };
  const now = opts.now ?? Date.now;
  const core = createCore({ ...opts, limits, now });
  const { journal } = core;
  let url = '';
  let eventUrl = opts.eventUrl;
  const hub = createWsHub({ appId: opts.appId, appSecret: opts.appSecret, baseUrl: () => url });
  const deliverer = new Deliverer(core, hub, () => eventUrl);
  const actions = new UserActions(core, deliverer);

  const openIdOf = (who: string): string => {
    const user = core.directory.findUser(who);
    if (!user) throw new Error(`未知用户 ${who}`);
    return user.openId;
  };
  const inbox = (who: string): MessageView[] => {
    const openId = openIdOf(who);
    const chats = new Set(core.directory.chatsOf(openId).map((c) => c.chatId));
    return core.store.inChats(chats).map((m) => {
      const file = fileInfoOf(core, m);
      return file ? { ...viewOf(m, openId), file } : viewOf(m, openId);
    });
  };

  const server = createSandboxServer(core, hub, {
    users: () => core.directory.users(),
    findUser: (who) => core.directory.findUser(who),
    inbox,
    actions,
    journal,
    appId: opts.appId,
    chat: (chatId) => core.directory.chat(chatId),
  });
  url = await listen(server, opts.port ?? 0, opts.host ?? '127.0.0.1');

  return {
    url,
    appId: opts.appId,
    botOpenId: botOpenId(opts.appId),
    appSecret: opts.appSecret,
    encryptKey: opts.encryptKey,
    verificationToken: opts.verificationToken,
    tenantKey: core.tenantKey,
    limits,
    hub,
    setEventUrl: (u) => {
      eventUrl = u;
    },
    revokeTokens: () => core.tenantTokens.revokeAll(),
    addUser: (u) => core.directory.addUser(u),
    users: () => core.directory.users(),
    addChat: (c) => core.directory.addChat(c),
    directory: directoryChanges(core, deliverer),
    inbox,
    lastCard: (who) =>
      inbox(who)
        .filter((m) => m.msgType === 'interactive' && m.sender === 'bot')
        .at(-1),
    filesReceived: (who) =>
      inbox(who).flatMap((m) => {
        const key = (m.content as { file_key?: unknown }).file_key;
        const f = m.msgType === 'file' && typeof key === 'string' ? fileStoreOf(core).get(key) : undefined;
        return f
          ? [
              {
                messageId: m.messageId,
                chatId: m.chatId,
                fileKey: f.fileKey,
                fileName: f.fileName,
                bytes: f.bytes,
              },
            ]
          : [];
      }),
    message: (id) => {
      const m = core.store.get(id);
      return m ? viewOf(m) : undefined;
    },
    say: (who, text, o) => actions.say(who, text, o),
    sendImage: (who, bytes, o) => actions.sendImage(who, bytes, o),
    sendFile: (who, name, bytes, o) => actions.sendFile(who, name, bytes, o),
    createGroup: (creator, g) => actions.createGroup(creator, g),
    menu: (who, key, t) => actions.menu(who, key, t),
    addBotToChat: (chatId, operator, t) => actions.addBotToChat(chatId, operator, t),
    removeBotFromChat: (chatId) => core.directory.setBotMembership(chatId, false),
    click: (who, m, b, f, t) => actions.click(who, m, b, f, t),
    clickLater: (who, m, b, f) => actions.clickLater(who, m, b, f),
    select: (who, m, name, option, t) => actions.select(who, m, name, option, t),
    redeliver: (eventId, t) => actions.redeliver(eventId, t),
    deliveries: () => journal.deliveries(),
    errors: () => journal.errors(),
    stats: () => journal.stats(),
    botMessagesByChat: () => {
      const out = new Map<string, { count: number; lastAt: number }>();
      for (const m of core.store.all()) {
        if (m.sender !== 'bot') continue;
        const e = out.get(m.chatId) ?? { count: 0, lastAt: 0 };
        e.count++;
        e.lastAt = Math.max(e.lastAt, m.createdAt);
        out.set(m.chatId, e);
      }
      return out;
    },
    approvalDefinitions: () =>
      [...approvalCenterOf(core).definitions.values()].map((d) => structuredClone(d)),
    approvalInstances: () => [...approvalCenterOf(core).instances.values()].map((i) => structuredClone(i)),
    approvalInstance: (id) => {
      const found = approvalCenterOf(core).instances.get(id);
      return found && structuredClone(found);
    },
    dropApprovalUpdates: (on) => {
      approvalCenterOf(core).dropping = on;
    },
    droppedApprovalUpdates: () => approvalCenterOf(core).dropped,
    refuse: ({ code, to, api, times }) => {
      const user = to === undefined ? undefined : core.directory.findUser(to);
      const chatId = to === undefined ? undefined : user ? p2pChatId(user.openId) : to;
      faultsOf(core).add({ api: api ?? 'send', code, left: times ?? 1, ...(chatId ? { chatId } : {}) });
    },
    setScope: (scope, granted) => faultsOf(core).setScope(scope, granted),
    waitFor: (fn, timeoutMs) => waitFor(fn, timeoutMs),
    reset: () => {
      core.store.clear();
      core.limiter.reset();
      core.cardTokens.reset();
      core.images.clear();
      fileStoreOf(core).clear();
      faultsOf(core).clear();
      deliverer.clear();
      journal.clear();
    },
    close: async () => {
      await hub.close();
      await shutdown(server);
    },
  };
}

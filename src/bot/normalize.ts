import {
  type DirectoryDepartment,
  type DirectoryUser,
  directoryDepartmentOf,
  directoryUserOf,
} from '../domain/directory';

/** The kinds of inbound traffic this bot acts on, with only the fields it uses. */
export type BotEvent =
  | {
      kind: 'message';
      eventId: string;
      openId: string;
      chatId: string;
      chatType: string;
      messageId: string;
      text: string;
      /** The open_ids the message @mentions (in a group, the bot answers only when it is one of them). */
      mentions: string[];
      /** Set for an image message (`message_type: 'image'`); its text is then ''. */
      imageKey?: string;
      /** Set for a file message (`message_type: 'file'`, content `{file_key, file_name}`): an import. */
      file?: { fileKey: string; fileName: string };
    }
  | { kind: 'menu'; eventId: string; openId: string; eventKey: string }
  | { kind: 'bot_added'; eventId: string; chatId: string; openId: string; chatName: string }
  /**
   * The directory's change events (contact.user.*_v3): no person acts, so `openId` is ''. `user` is
   * undefined when the object lacks what a person needs (a field scope missing).
   */
  | {
      kind: 'directory_user';
      eventId: string;
      openId: '';
      appId: string;
      change: DirectoryChange;
      user: DirectoryUser | undefined;
    }
  /** contact.department.*_v3; `department` undefined when the object lacks an id or a name. */
  | {
      kind: 'directory_department';
      eventId: string;
      openId: '';
      appId: string;
      change: DirectoryChange;
      department: DirectoryDepartment | undefined;
    }
  | {
      kind: 'card';
      eventId: string;
      openId: string;
      token: string;
      value: unknown;
      formValue: Record<string, unknown> | undefined;
      option: string | undefined;
      messageId: string;
      chatId: string;
    };

type Obj = Record<string, any>;
export type DirectoryChange = 'created' | 'updated' | 'deleted';

const USER_EVENTS: Record<string, DirectoryChange> = {
  'contact.user.created_v3': 'created',
  'contact.user.updated_v3': 'updated',
  'contact.user.deleted_v3': 'deleted',
};
const DEPARTMENT_EVENTS: Record<string, DirectoryChange> = {
  'contact.department.created_v3': 'created',
  'contact.department.updated_v3': 'updated',
  'contact.department.deleted_v3': 'deleted',
};

function imageKey(message: Obj): { imageKey: string } | undefined {
  if (message.message_type !== 'image') return undefined;
  try {
    const key = JSON.parse(message.content ?? '{}').image_key;
    // A key is carried whole in the attach button (cards/values: at most 128 characters); one longer
    // is no key this bot can use, never a cut one that would name another image.
    return typeof key === 'string' && key && key.length <= 128 ? { imageKey: key } : undefined;
  } catch {
    return undefined;
  }
}

function fileOf(message: Obj): { file: { fileKey: string; fileName: string } } | undefined {
  if (message.message_type !== 'file') return undefined;
  try {
    const c = JSON.parse(message.content ?? '{}');
    const key = c.file_key;
    const name = typeof c.file_name === 'string' ? c.file_name : '';
    return typeof key === 'string' && key && key.length <= 256
      ? { file: { fileKey: key, fileName: name } }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Every mention, none dropped (the bot may be the last); the request body's 1 MiB bounds the list. */
function mentionsOf(message: Obj): string[] {
  const list = Array.isArray(message.mentions) ? message.mentions : [];
  return list
    .map((m: Obj) => (typeof m?.id?.open_id === 'string' ? m.id.open_id : ''))
    .filter((id: string) => id.length > 0);
}

function messageText(message: Obj): string {
  if (message.message_type !== 'text') return '';
  try {
    const text = String(JSON.parse(message.content ?? '{}').text ?? '');
    return text.replace(/@_user_\d+/g, '').trim();
  } catch {
    return '';
  }
}

/**
 * Accepts a schema 2.0 envelope ({header, event}) or the SDK's flattened form (header fields and
 * event fields merged), so both transports feed one dispatcher. Unknown types give undefined.
 */
export function normalizeEvent(raw: unknown): BotEvent | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Obj;
  const e: Obj = r.header ? { ...r.header, ...(r.event ?? {}) } : r;
  const eventId = String(e.event_id ?? '');
  if (!eventId) return undefined;
  const userChange = USER_EVENTS[e.event_type];
  if (userChange)
    return {
      kind: 'directory_user',
      eventId,
      openId: '',
      appId: String(e.app_id ?? ''),
      change: userChange,
      // A deleted user's departments are only in old_object (contact-v3/user/events/deleted).
      user: directoryUserOf(
        e.object,
        userChange === 'deleted' ? (e.object?.department_ids ?? e.old_object?.department_ids) : undefined,
      ),
    };
  const deptChange = DEPARTMENT_EVENTS[e.event_type];
  if (deptChange)
    return {
      kind: 'directory_department',
      eventId,
      openId: '',
      appId: String(e.app_id ?? ''),
      change: deptChange,
      department: directoryDepartmentOf(e.object),
    };
  switch (e.event_type) {
    case 'im.message.receive_v1':
      return {
        kind: 'message',
        eventId,
        openId: e.sender?.sender_id?.open_id ?? '',
        chatId: e.message?.chat_id ?? '',
        chatType: e.message?.chat_type ?? 'p2p',
        messageId: e.message?.message_id ?? '',
        text: messageText(e.message ?? {}),
        mentions: mentionsOf(e.message ?? {}),
        ...imageKey(e.message ?? {}),
        ...fileOf(e.message ?? {}),
      };
    case 'application.bot.menu_v6':
      return {
        kind: 'menu',
        eventId,
        openId: e.operator?.operator_id?.open_id ?? '',
        eventKey: e.event_key ?? '',
      };
    case 'im.chat.member.bot.added_v1':
      return {
        kind: 'bot_added',
        eventId,
        chatId: e.chat_id ?? '',
        openId: e.operator_id?.open_id ?? '',
        chatName: e.name ?? '',
      };
    case 'card.action.trigger':
      return {
        kind: 'card',
        eventId,
        openId: e.operator?.open_id ?? '',
        token: e.token ?? '',
        value: e.action?.value,
        formValue: e.action?.form_value ?? undefined,
        option: e.action?.option ?? undefined,
        messageId: e.context?.open_message_id ?? '',
        chatId: e.context?.open_chat_id ?? '',
      };
    default:
      return undefined;
  }
}

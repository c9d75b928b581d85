import { derivedId } from './credentials';
import type { SandboxChat, SandboxDepartment, SandboxUser } from './types';

export type ReceiveIdType = 'open_id' | 'user_id' | 'union_id' | 'email' | 'chat_id';
export const RECEIVE_ID_TYPES: readonly ReceiveIdType[] = [
  'open_id',
  'user_id',
  'union_id',
  'email',
  'chat_id',
];

export interface NewUser {
  openId: string;
  name: string;
  userId?: string;
  unionId?: string;
  email?: string;
  jobTitle?: string;
  departmentIds?: string[];
}

export interface NewDepartment {
  openDepartmentId: string;
  name: string;
  departmentId?: string;
  parentId?: string;
}

export interface NewChat {
  chatId: string;
  name: string;
  members: string[];
  botIsMember?: boolean;
}

/** Every user has a one-to-one chat with the bot; its id is derived so tests can predict it. */
export function p2pChatId(openId: string): string {
  return `oc_p2p_${openId}`;
}

/** The tenant's people and chats, as far as the bot can see them. */
export class Directory {
  private readonly byOpenId = new Map<string, SandboxUser>();
  private readonly chats = new Map<string, SandboxChat>();
  private readonly depts = new Map<string, SandboxDepartment>();

  addDepartment(d: NewDepartment): SandboxDepartment {
    const parentId = d.parentId ?? '0';
    if (parentId !== '0' && !this.depts.has(parentId)) throw new Error(`上级部门 ${parentId} 不存在`);
    const dept: SandboxDepartment = {
      openDepartmentId: d.openDepartmentId,
      departmentId: d.departmentId ?? d.openDepartmentId.replace(/^od-/, 'D'),
      name: d.name,
      parentId,
    };
    this.depts.set(dept.openDepartmentId, dept);
    return dept;
  }

  department(openDepartmentId: string): SandboxDepartment | undefined {
    return this.depts.get(openDepartmentId);
  }

  /** Live departments under `parentId` ('0': the root), all levels when `recursive`, in creation order. */
  childDepartments(parentId: string, recursive: boolean): SandboxDepartment[] {
    const live = [...this.depts.values()].filter((d) => !d.deleted);
    const direct = live.filter((d) => d.parentId === parentId);
    if (!recursive) return direct;
    return direct.flatMap((d) => [d, ...this.childDepartments(d.openDepartmentId, true)]);
  }

  /** The users a department lists directly (find_by_department): not the deleted, not sub-departments'. */
  usersOfDepartment(openDepartmentId: string): SandboxUser[] {
    return this.users().filter(
      (u) => !u.deleted && (u.departmentIds?.length ? u.departmentIds : ['0']).includes(openDepartmentId),
    );
  }

  addUser(u: NewUser): SandboxUser {
    if (!u.openId || !u.name) throw new Error('addUser 需要 openId 和 name');
    const user: SandboxUser = {
      openId: u.openId,
      name: u.name,
      userId: u.userId ?? derivedId('', `user:${u.openId}`, 8),
      unionId: u.unionId ?? derivedId('on_', `union:${u.openId}`, 32),
      ...(u.email ? { email: u.email } : {}),
      ...(u.jobTitle ? { jobTitle: u.jobTitle } : {}),
      ...(u.departmentIds ? { departmentIds: [...u.departmentIds] } : {}),
    };
    this.byOpenId.set(user.openId, user);
    const chatId = p2pChatId(user.openId);
    this.chats.set(chatId, {
      chatId,
      name: user.name,
      type: 'p2p',
      members: [user.openId],
      botIsMember: true,
    });
    return user;
  }

  addChat(c: NewChat): SandboxChat {
    for (const m of c.members) if (!this.byOpenId.has(m)) throw new Error(`群成员 ${m} 不是已知用户`);
    const chat: SandboxChat = {
      chatId: c.chatId,
      name: c.name,
      type: 'group',
      members: [...c.members],
      botIsMember: c.botIsMember ?? true,
    };
    this.chats.set(chat.chatId, chat);
    return chat;
  }

  users(): SandboxUser[] {
    return [...this.byOpenId.values()];
  }

  user(openId: string): SandboxUser | undefined {
    return this.byOpenId.get(openId);
  }

  /** An open_id or a display name: what a person types into the chat CLI. */
  findUser(openIdOrName: string): SandboxUser | undefined {
    return this.byOpenId.get(openIdOrName) ?? this.users().find((u) => u.name === openIdOrName);
  }

  userBy(idType: Exclude<ReceiveIdType, 'chat_id'>, id: string): SandboxUser | undefined {
    const field = { open_id: 'openId', user_id: 'userId', union_id: 'unionId', email: 'email' } as const;
    return this.users().find((u) => u[field[idType]] === id);
  }

  /** Converts a user to the id type an API asked for (urgent_app's user_id_type). */
  idOf(user: SandboxUser, idType: Exclude<ReceiveIdType, 'chat_id'>): string | undefined {
    return { open_id: user.openId, user_id: user.userId, union_id: user.unionId, email: user.email }[idType];
  }

  /** Chats the user is a member of: their p2p chat with the bot and their groups. */
  chatsOf(openId: string): SandboxChat[] {
    return [...this.chats.values()].filter((c) => c.members.includes(openId));
  }

  chat(chatId: string): SandboxChat | undefined {
    return this.chats.get(chatId);
  }

  setBotMembership(chatId: string, isMember: boolean): void {
    const chat = this.chats.get(chatId);
    if (chat) chat.botIsMember = isMember;
  }
}

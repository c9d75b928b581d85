/**
 * GET /open-apis/im/v1/chats/:chat_id/members (/document/server-docs/group/chat-member/get): a group's
 * members, paged (`page_size` up to 100, `page_token`), each as `member_id` of `member_id_type`
 * (open_id by default) with its `name`. The bot must be in the group; bots are not listed.
 */
import type { RouteRequest } from './api-route';
import type { SandboxCore } from './core';
import { botNotInChat, invalidParam } from './feishu-errors';

const ID_TYPES = ['open_id', 'user_id', 'union_id'] as const;

export function listChatMembers(req: RouteRequest, core: SandboxCore): unknown {
  const idType = req.query.get('member_id_type') ?? 'open_id';
  const type = ID_TYPES.find((t) => t === idType);
  if (!type) throw invalidParam(`member_id_type ${JSON.stringify(idType)} is invalid`);
  const size = Number(req.query.get('page_size') ?? '20');
  if (!Number.isInteger(size) || size < 1 || size > 100) throw invalidParam('page_size must be 1 to 100');
  const start = Number(req.query.get('page_token') || '0');
  if (!Number.isInteger(start) || start < 0) throw invalidParam('page_token is invalid');
  req.admit();
  const chat = core.directory.chat(req.params.chat_id ?? '');
  if (!chat?.botIsMember) throw botNotInChat();
  const users = chat.members.flatMap((m) => {
    const u = core.directory.userBy('open_id', m);
    return u ? [u] : [];
  });
  const page = users.slice(start, start + size);
  const more = start + size < users.length;
  return {
    code: 0,
    msg: 'success',
    data: {
      items: page.map((u) => ({
        member_id_type: type,
        member_id: core.directory.idOf(u, type) ?? '',
        name: u.name,
        tenant_key: 'sandbox',
      })),
      page_token: more ? String(start + size) : '',
      has_more: more,
      member_total: users.length,
    },
  };
}

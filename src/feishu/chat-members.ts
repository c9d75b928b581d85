import type { FeishuClient } from './client';

/** The most pages read of one group (100 members a page): a project group is far smaller. */
const MAX_PAGES = 50;

/**
 * The open_ids of a group's members (GET /open-apis/im/v1/chats/:chat_id/members, paged; bots are
 * not listed). Throws what the SDK throws when the bot cannot read the group (not a member, no scope).
 */
export async function chatMemberOpenIds(client: FeishuClient, chatId: string): Promise<string[]> {
  const out: string[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await client.sdk.im.chatMembers.get({
      path: { chat_id: chatId },
      params: { member_id_type: 'open_id', page_size: 100, ...(pageToken ? { page_token: pageToken } : {}) },
    });
    if (res.code !== 0) throw new Error(`chat members of ${chatId}: code ${res.code}`);
    for (const m of res.data?.items ?? []) if (m.member_id) out.push(m.member_id);
    if (!res.data?.has_more || !res.data.page_token) break;
    pageToken = res.data.page_token;
  }
  return out;
}

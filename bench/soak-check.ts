import { sql } from 'drizzle-orm';
import type { Db } from '../src/db/client';
import type { MessageView, Sandbox } from '../src/sandbox';

/** JSON with object keys sorted, so a card that went through jsonb compares equal to the sandbox's copy. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** Every message the bot sent, across every user's chats (p2p here), once each. */
function botMessages(sb: Sandbox): MessageView[] {
  const all = new Map<string, MessageView>();
  for (const u of sb.users())
    for (const m of sb.inbox(u.openId)) if (m.sender === 'bot') all.set(m.messageId, m);
  return [...all.values()];
}

type Row = {
  id: string;
  kind: 'send' | 'reply' | 'patch' | 'urgent';
  status: string;
  message_id: string | null;
  content: unknown;
  urgent_user_ids: string[] | null;
};

/**
 * Each outbox row against what reached the sandbox. A send or reply is delivered when exactly one
 * message carries its uuid (the row id); a patch when its card is among the target's versions; an
 * urgent when its users were 加急'd. `lost`: rows not delivered (pending or failed included).
 * `duplicates`: messages a user received twice: the same uuid twice, or the same content in the same
 * chat under the same parent from two rows (one message written twice). Resends the sandbox
 * answered from its uuid index are not duplicates; they are `uuidDedup`.
 */
export async function checkDelivery(sb: Sandbox, db: Db) {
  const rows = (await db.execute<Row>(
    sql`select id, kind, status, message_id, content, urgent_user_ids from outbox`,
  )) as unknown as Row[];
  const messages = botMessages(sb);
  const byUuid = new Map<string, MessageView[]>();
  for (const m of messages) if (m.uuid) byUuid.set(m.uuid, [...(byUuid.get(m.uuid) ?? []), m]);
  const lostIds: string[] = [];
  let delivered = 0;
  let uuidTwice = 0;
  const byKind: Record<string, number> = {};
  for (const r of rows) {
    byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
    let ok = false;
    if (r.status === 'sent') {
      if (r.kind === 'send' || r.kind === 'reply') {
        const got = byUuid.get(r.id) ?? [];
        ok = got.length > 0;
        uuidTwice += Math.max(0, got.length - 1);
      } else {
        const m = r.message_id ? sb.message(r.message_id) : undefined;
        ok =
          r.kind === 'patch'
            ? !!m?.versions.some((v) => canonical(v) === canonical(r.content))
            : !!m && (r.urgent_user_ids ?? []).every((u) => m.urgentFor.includes(u));
      }
    }
    if (ok) delivered++;
    else lostIds.push(`${r.id}:${r.kind}:${r.status}`);
  }
  const seen = new Map<string, number>();
  for (const m of messages) {
    const key = `${m.chatId}|${m.parentId ?? ''}|${canonical(m.versions[0])}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const sameTwice = [...seen.values()].reduce((n, c) => n + c - 1, 0);
  const rowIds = new Set(rows.map((r) => r.id));
  const stats = sb.stats();
  return {
    expected: rows.length,
    delivered,
    lost: lostIds.length,
    lostSample: lostIds.slice(0, 5),
    failed: rows.filter((r) => r.status === 'failed').length,
    byKind,
    duplicates: Math.max(uuidTwice, sameTwice),
    uuidTwice,
    sameTwice,
    // A message of the bot that no outbox row accounts for.
    unexpected: messages.filter((m) => !m.uuid || !rowIds.has(m.uuid)).length,
    uuidDedup: stats.uuidDeduplicated,
    rateLimited: stats.rateLimited,
    messages,
  };
}

/**
 * Every approval clicked took effect exactly once: its stage approved and fanned out, its request
 * approved, one `stage.approved` audit row for it, and one 已审批通过 message to the filer.
 */
export async function checkApprovals(
  db: Db,
  clicked: { stageId: number; requestId: number }[],
  filerMessages: MessageView[],
) {
  const stageIds = clicked.map((c) => c.stageId);
  const rows = (await db.execute<{
    id: string;
    request_id: string;
    status: string;
    fanned: boolean;
    request_status: string;
    audits: number;
  }>(sql`
    select s.id, s.request_id, s.status, s.fanned_out_at is not null as fanned, r.status as request_status,
      (select count(*)::int from audit_log a
        where a.aggregate_type = 'purchase' and a.aggregate_id = r.id::text and a.action = 'stage.approved') as audits
    from approval_stages s join purchase_requests r on r.id = s.request_id
    where s.id = any(${`{${stageIds.join(',')}}`}::bigint[])`)) as unknown as {
    request_id: string;
    status: string;
    fanned: boolean;
    request_status: string;
    audits: number;
  }[];
  const notices = new Map<string, number>();
  for (const m of filerMessages) {
    const text = (m.content as { text?: string }).text ?? '';
    const id = /#(\d+)[^#]*已审批通过/.exec(text)?.[1];
    if (id) notices.set(id, (notices.get(id) ?? 0) + 1);
  }
  let once = 0;
  let twice = 0;
  const wrong: string[] = [];
  for (const r of rows) {
    const n = notices.get(String(r.request_id)) ?? 0;
    const good =
      r.status === 'approved' && r.request_status === 'approved' && r.fanned && r.audits === 1 && n === 1;
    if (good) once++;
    else if (wrong.length < 5) wrong.push(JSON.stringify({ ...r, notices: n }));
    if (r.audits > 1 || n > 1) twice++;
  }
  return { clicked: clicked.length, approvedOnce: once, approvedTwice: twice, wrong };
}

const REMINDER_TITLES = ['月度考核已开放', '月度考核评分提醒', '月度考核已逾期', '月度考核逾期督办'];

/** The reminders claimed (score_reminders rows) against the reminder cards users hold. */
export async function checkReminders(db: Db, messages: MessageView[]) {
  const [r] = (await db.execute<{ n: number }>(
    sql`select count(*)::int as n from score_reminders`,
  )) as unknown as { n: number }[];
  const cards = messages.filter((m) => {
    const text = JSON.stringify(m.versions[0]);
    return REMINDER_TITLES.some((t) => text.includes(t));
  });
  const distinct = new Set(cards.map((m) => `${m.chatId}|${canonical(m.versions[0])}`));
  return { claimed: r!.n, cards: cards.length, distinctCards: distinct.size };
}

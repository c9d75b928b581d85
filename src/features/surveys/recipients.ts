/**
 * Who receives a contract's survey (满意度测评): the people named at signing (survey_recipients), or,
 * for `recipients: 'group'`, the members of its bound project group as Feishu lists them when the
 * round opens. Only people the organisation knows can be invited (an answer is kept per person); the
 * contract's own assessors are left out of a group's members, since they score the contract already.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { contractAssessors, groupBindings, people, surveyRecipients } from '../../db/schema';

export type Recipient = { personId: number; openId: string };
/** Reads a group's member open_ids (Feishu's chat members API). */
export type ChatMembers = (chatId: string) => Promise<string[]>;

const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
};

/** The named recipients of each contract. */
export async function namedRecipients(db: DbOrTx, contractIds: number[]): Promise<Map<number, Recipient[]>> {
  const out = new Map<number, Recipient[]>();
  if (contractIds.length === 0) return out;
  const rows = await db
    .select({ contractId: surveyRecipients.contractId, personId: people.id, openId: people.openId })
    .from(surveyRecipients)
    .innerJoin(people, eq(people.id, surveyRecipients.personId))
    .where(inArray(surveyRecipients.contractId, contractIds))
    .orderBy(surveyRecipients.contractId, people.id);
  for (const r of rows) push(out, r.contractId, { personId: r.personId, openId: r.openId });
  return out;
}

/**
 * The members of each contract's bound project group, known to the organisation, less its assessors.
 * A group Feishu will not list (the bot was removed, a failure) is reported in `unread` and skipped
 * this run; the next run asks again.
 */
export async function groupRecipients(
  db: DbOrTx,
  contractIds: number[],
  members: ChatMembers,
): Promise<{ byContract: Map<number, Recipient[]>; unread: number[] }> {
  const byContract = new Map<number, Recipient[]>();
  const unread: number[] = [];
  if (contractIds.length === 0) return { byContract, unread };
  const bindings = await db
    .select({ contractId: groupBindings.contractId, chatId: groupBindings.chatId })
    .from(groupBindings)
    .where(
      and(
        inArray(groupBindings.contractId, contractIds),
        eq(groupBindings.kind, 'project'),
        isNull(groupBindings.unboundAt),
      ),
    );
  const byChat = new Map<string, string[] | undefined>();
  for (const b of bindings) {
    if (byChat.has(b.chatId)) continue;
    byChat.set(b.chatId, await members(b.chatId).catch(() => undefined));
  }
  const openIds = [...new Set([...byChat.values()].flatMap((m) => m ?? []))];
  const known = openIds.length
    ? await db
        .select({ id: people.id, openId: people.openId })
        .from(people)
        .where(inArray(people.openId, openIds))
    : [];
  const idOf = new Map(known.map((p) => [p.openId, p.id]));
  const assessors = await db
    .select({ contractId: contractAssessors.contractId, personId: contractAssessors.personId })
    .from(contractAssessors)
    .where(inArray(contractAssessors.contractId, contractIds));
  const assessing = new Set(assessors.map((a) => `${a.contractId}:${a.personId}`));
  for (const b of bindings) {
    const list = byChat.get(b.chatId);
    if (!list) {
      unread.push(b.contractId!);
      continue;
    }
    const seen = new Set<number>();
    for (const openId of list) {
      const personId = idOf.get(openId);
      if (personId === undefined || seen.has(personId) || assessing.has(`${b.contractId}:${personId}`))
        continue;
      seen.add(personId);
      push(byContract, b.contractId!, { personId, openId });
    }
  }
  return { byContract, unread };
}

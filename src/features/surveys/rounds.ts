/**
 * The survey rounds job (满意度测评, rule 7), daily: for each active contract with clauses.survey whose
 * round is open today, the round is created (one per contract and period), each recipient gets ONE
 * survey card in their private chat, and, a few working days before it closes, the one chase goes to
 * recipients who have not answered. survey_invites' primary key (round, person) is the claim: the
 * invite and its outbox row are written in one transaction, so across reruns, restarts and two
 * workers each recipient gets exactly one card per period (and chased_on one chase). The audit rows
 * count invites and chases; they name nobody.
 */
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { surveyCard } from '../../cards/survey';
import type { Db, Tx } from '../../db/client';
import { contracts, surveyRounds, vendors } from '../../db/schema';
import { type BusinessDate, shanghaiDate, shanghaiMidnight } from '../../domain/calendar';
import type { SurveyClauses } from '../../domain/contract';
import { chaseDue, openRound } from '../../domain/survey';
import { inOutboxTransaction, type OutboxRelay } from '../../outbox/sweep';
import type { OutboxWriter } from '../../outbox/write';
import { type ChatMembers, groupRecipients, namedRecipients, type Recipient } from './recipients';
import { type SurveyContract, surveyView } from './view';

const ACTOR = 'job:survey.rounds';

export type SurveyRoundCounts = {
  contracts: number;
  opened: number;
  invited: number;
  chased: number;
  /** Contracts whose project group Feishu would not list this run (asked again next run). */
  unreadGroups: number;
};
export type SurveyDeps = OutboxRelay & { chatMembers?: ChatMembers };

type Due = {
  c: SurveyContract & { startsOn: string; endsOn: string };
  s: SurveyClauses;
  period: string;
  opensOn: string;
  closesOn: string;
};
type Round = typeof surveyRounds.$inferSelect;

/** The next page of active contracts with a survey clause, in id order. */
function surveyContracts(db: Db, afterId: number, limit: number) {
  return db
    .select({
      id: contracts.id,
      signedOn: contracts.signedOn,
      startsOn: contracts.startsOn,
      endsOn: contracts.endsOn,
      category: contracts.category,
      clauses: contracts.clauses,
      vendorName: vendors.name,
    })
    .from(contracts)
    .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
    .where(
      and(eq(contracts.status, 'active'), sql`${contracts.clauses} ? 'survey'`, gt(contracts.id, afterId)),
    )
    .orderBy(asc(contracts.id))
    .limit(limit);
}

/** Creates the page's rounds (a rerun finds them) and returns every round of the page, and which are new. */
async function ensureRounds(tx: Tx, due: Due[]) {
  const created = await tx
    .insert(surveyRounds)
    .values(
      due.map((d) => ({ contractId: d.c.id, period: d.period, opensOn: d.opensOn, closesOn: d.closesOn })),
    )
    .onConflictDoNothing()
    .returning({ id: surveyRounds.id });
  const rows = await tx
    .select()
    .from(surveyRounds)
    .where(
      and(
        inArray(
          surveyRounds.contractId,
          due.map((d) => d.c.id),
        ),
        inArray(surveyRounds.period, [...new Set(due.map((d) => d.period))]),
      ),
    );
  const byKey = new Map(rows.map((r) => [`${r.contractId}:${r.period}`, r]));
  return {
    rounds: due.map((d) => ({ d, round: byKey.get(`${d.c.id}:${d.period}`)! })),
    created: new Set(created.map((r) => r.id)),
  };
}

/** Claims the invites not yet sent; returns (round, person) of each claimed. */
async function claimInvites(tx: Tx, rows: { round_id: number; person_id: number }[], now: Date) {
  if (rows.length === 0) return [];
  const claimed = await tx.execute<{ round_id: string; person_id: string }>(sql`
    insert into survey_invites (round_id, person_id, sent_at)
    select v.round_id, v.person_id, ${now.toISOString()}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(round_id bigint, person_id bigint)
    order by 1, 2
    on conflict do nothing
    returning round_id, person_id`);
  return claimed.map((r) => ({ roundId: Number(r.round_id), personId: Number(r.person_id) }));
}

/** The one chase of each round due today: recipients invited before today who have not answered. */
async function claimChases(tx: Tx, roundIds: number[], today: BusinessDate) {
  if (roundIds.length === 0) return [];
  const rows = await tx.execute<{ round_id: string; open_id: string }>(sql`
    update survey_invites i set chased_on = ${today}
    from people p
    where p.id = i.person_id
      and i.round_id in ${sql.raw(`(${roundIds.map(Number).join(',')})`)}
      and i.chased_on is null
      and i.sent_at < ${shanghaiMidnight(today).toISOString()}::timestamptz
      and not exists (select 1 from survey_answers a where a.round_id = i.round_id and a.person_id = i.person_id)
    returning i.round_id, p.open_id`);
  return rows.map((r) => ({ roundId: Number(r.round_id), openId: r.open_id }));
}

async function sendPage(
  tx: Tx,
  out: OutboxWriter,
  {
    due,
    recipients,
    today,
    now,
  }: { due: Due[]; recipients: Map<number, Recipient[]>; today: BusinessDate; now: Date },
) {
  const { rounds, created } = await ensureRounds(tx, due);
  const claimed = await claimInvites(
    tx,
    rounds.flatMap(({ d, round }) =>
      (recipients.get(d.c.id) ?? []).map((p) => ({ round_id: round.id, person_id: p.personId })),
    ),
    now,
  );
  const byRound = new Map(rounds.map((x) => [x.round.id, x]));
  const openIdOf = new Map([...recipients.values()].flat().map((p) => [p.personId, p.openId]));
  const invited = new Map<number, number>();
  const cards = claimed.map((i) => {
    const { d, round } = byRound.get(i.roundId)!;
    invited.set(i.roundId, (invited.get(i.roundId) ?? 0) + 1);
    return {
      to: { type: 'open_id' as const, id: openIdOf.get(i.personId)! },
      card: surveyCard(surveyView(round, d.c, d.s)),
    };
  });
  const chases = await claimChases(
    tx,
    rounds.filter(({ d, round }) => chaseDue(today, round, d.s)).map((x) => x.round.id),
    today,
  );
  const chased = new Map<number, number>();
  for (const c of chases) {
    const { d, round } = byRound.get(c.roundId)!;
    chased.set(c.roundId, (chased.get(c.roundId) ?? 0) + 1);
    cards.push({
      to: { type: 'open_id', id: c.openId },
      card: surveyCard({ ...surveyView(round, d.c, d.s), chase: true }),
    });
  }
  await out.sendCards(cards);
  for (const { d, round } of rounds)
    await auditRound(tx, {
      round,
      due: d,
      opened: created.has(round.id),
      invited: invited.get(round.id) ?? 0,
      chased: chased.get(round.id) ?? 0,
      at: now,
    });
  return { opened: created.size, invited: claimed.length, chased: chases.length };
}

/** One row per round touched: opened (with its first invites), more invites (group members), its chase. */
async function auditRound(
  tx: Tx,
  {
    round,
    due: d,
    opened,
    invited,
    chased,
    at,
  }: { round: Round; due: Due; opened: boolean; invited: number; chased: number; at: Date },
) {
  const base = { aggregateType: 'survey_round', aggregateId: round.id, actor: ACTOR, at };
  if (opened)
    await appendAudit(tx, {
      ...base,
      action: 'survey.round_opened',
      data: {
        contractId: d.c.id,
        period: round.period,
        opensOn: round.opensOn,
        closesOn: round.closesOn,
        invited,
        recipients: d.s.recipients,
      },
    });
  else if (invited > 0) await appendAudit(tx, { ...base, action: 'survey.invited', data: { invited } });
  if (chased > 0)
    await appendAudit(tx, { ...base, action: 'survey.chased', data: { chased, onDate: shanghaiDate(at) } });
}

/**
 * Runs today's survey rounds, `batchSize` contracts per transaction; each page's cards go to the
 * relay right after its commit. A contract naming nobody ('named' with no person) gets no round's
 * cards (its round row is still created, so the board sees it ran with nobody to ask).
 */
export async function runSurveyRounds(
  db: Db,
  now: Date,
  deps: SurveyDeps,
  opts: { batchSize?: number } = {},
): Promise<SurveyRoundCounts> {
  const counts: SurveyRoundCounts = { contracts: 0, opened: 0, invited: 0, chased: 0, unreadGroups: 0 };
  const today = shanghaiDate(now);
  const batchSize = opts.batchSize ?? 50;
  for (let afterId = 0; ; ) {
    const page = await surveyContracts(db, afterId, batchSize);
    if (page.length === 0) break;
    afterId = page[page.length - 1]!.id;
    const due = page.flatMap((c): Due[] => {
      const s = c.clauses.survey;
      const r = s && openRound(today, c, s, c.clauses.scoring.managementPeriod);
      return s && r ? [{ c, s, ...r }] : [];
    });
    if (due.length === 0) continue;
    counts.contracts += due.length;
    const recipients = await namedRecipients(
      db,
      due.filter((d) => d.s.recipients === 'named').map((d) => d.c.id),
    );
    const groupIds = due.filter((d) => d.s.recipients === 'group').map((d) => d.c.id);
    if (groupIds.length && deps.chatMembers) {
      const g = await groupRecipients(db, groupIds, deps.chatMembers);
      for (const [id, list] of g.byContract) recipients.set(id, list);
      counts.unreadGroups += g.unread.length;
    }
    const r = await inOutboxTransaction(db, deps, (tx, out) =>
      sendPage(tx, out, { due, recipients, today, now }),
    );
    counts.opened += r.opened;
    counts.invited += r.invited;
    counts.chased += r.chased;
  }
  return counts;
}

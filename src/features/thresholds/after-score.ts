/**
 * After every final score (new or corrected), in the score's transaction and under the contract's row
 * lock: the early warnings of rule 9 are sent once each (threshold_notices), and the termination right
 * of rule 8 is put to the responsible leader, or its pending question withdrawn when a correction
 * removed the right. The evaluator is pure and memoryless; this is where its answer meets what was
 * already said.
 *
 * When a "keep" decision is asked again: a right leads to a new case only when some month below the
 * line is not covered by an earlier decided case (kept or started) of the contract. So a leader who
 * kept the vendor is asked again only when a new failing month arrives, not on every later score.
 * A case covers the months of the right plus every other month below the line at the time; a
 * failing month that arrives while a case is pending is added to it (and its card updated).
 * Only an active contract is evaluated: once termination started (or the contract ended) warnings
 * and decisions would announce what can no longer happen.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { buildTerminationCard, buildThresholdNoticeCard } from '../../cards/termination';
import { warningMessage } from '../../cards/threshold-messages';
import type { Tx } from '../../db/client';
import { groupBindings, terminationCases, thresholdNotices } from '../../db/schema';
import { shanghaiDate } from '../../domain/calendar';
import { contractNumber } from '../../domain/contract-format';
import type { Month, Warning } from '../../domain/threshold';
import type { OutboxWriter } from '../../outbox/write';
import { type ContractFacts, leaderAndAssessors, type Person } from '../contracts/facts';
import { type CaseRow, caseView } from '../termination/view';
import { loadAndEvaluate } from './load';

export const ENGINE_ACTOR = 'system:threshold';

export type EngineDeps = { now: Date; outbox: OutboxWriter };
export type EngineResult = { warningsSent: string[]; opened?: number; updated?: number; withdrawn?: number };

/** The contract's leader and assessors, read once per evaluation and only when someone is told. */
function recipients(tx: Tx, f: ContractFacts) {
  let people: Promise<Person[]> | undefined;
  return () => {
    people ??= leaderAndAssessors(tx, f.contract.id, f.contract.leaderId);
    return people;
  };
}

/**
 * The unit's bound leadership group (领导班子群), if any. The leadership may see their unit's
 * contracts and scores, so a warning goes there as the people named get it.
 */
async function leadershipChat(tx: Tx, unitId: number): Promise<string | undefined> {
  const [row] = await tx
    .select({ chatId: groupBindings.chatId })
    .from(groupBindings)
    .where(
      and(
        eq(groupBindings.kind, 'leadership'),
        eq(groupBindings.unitId, unitId),
        isNull(groupBindings.unboundAt),
      ),
    );
  return row?.chatId;
}

/**
 * Rule 9: records each warning in threshold_notices (one statement, `on conflict do nothing`: the
 * primary key (contract_id, key) lets each go out once) and sends the fresh ones, in the evaluator's
 * order, to the leader and the assessors and to the unit's bound leadership group, each with its
 * audit row. Returns the keys sent.
 */
async function sendWarnings(
  tx: Tx,
  f: ContractFacts,
  sending: {
    warnings: Warning[];
    byMonth: Map<Month, number>;
    people: () => Promise<Person[]>;
    deps: EngineDeps;
  },
): Promise<string[]> {
  const { warnings, byMonth, people, deps: d } = sending;
  if (warnings.length === 0) return [];
  // The insert, the recipients and the leadership group go out together (one round trip).
  const [inserted, to, group] = await Promise.all([
    tx
      .insert(thresholdNotices)
      .values(warnings.map((w) => ({ contractId: f.contract.id, key: w.key, sentAt: d.now })))
      .onConflictDoNothing()
      .returning({ key: thresholdNotices.key }),
    people(),
    leadershipChat(tx, f.contract.unitId),
  ]);
  const fresh = new Set(inserted.map((r) => r.key));
  const sent: string[] = [];
  for (const w of warnings) {
    if (!fresh.delete(w.key)) continue;
    const m = warningMessage(w, { vendorName: f.vendorName, clauses: f.clauses, term: f.term, byMonth });
    const cardJson = buildThresholdNoticeCard({
      ...m,
      contractId: f.contract.id,
      contractNo: contractNumber(f.contract),
      vendorName: f.vendorName,
    });
    // The messages (in recipient order) and the audit append go out together. The appends stay one
    // after the other: they extend the contract's one chain.
    await Promise.all([
      ...to.map((p) => d.outbox.send({ type: 'open_id', id: p.openId }, { card: cardJson })),
      ...(group ? [d.outbox.send({ type: 'chat_id', id: group }, { card: cardJson })] : []),
      appendAudit(tx, {
        aggregateType: 'contract',
        aggregateId: f.contract.id,
        actor: ENGINE_ACTOR,
        action: 'threshold.warned',
        data: {
          key: w.key,
          kind: w.kind,
          to: to.map((p) => p.openId),
          ...(group ? { group } : {}),
          text: m.text,
        },
        at: d.now,
      }),
    ]);
    sent.push(w.key);
  }
  return sent;
}

const union = (a: Month[], b: Month[]) => [...new Set([...a, ...b])].sort();

async function audit(
  tx: Tx,
  c: CaseRow,
  { action, data, now }: { action: string; data: Record<string, unknown>; now: Date },
) {
  await appendAudit(tx, {
    aggregateType: 'termination_case',
    aggregateId: c.id,
    actor: ENGINE_ACTOR,
    action,
    data: { contractId: c.contractId, rule: c.rule, months: c.months, ...data },
    at: now,
  });
}

/** Shows the leader's decision card as the case now stands. */
async function patchCard(tx: Tx, f: ContractFacts, c: CaseRow, d: EngineDeps) {
  if (c.cardOutboxId)
    await d.outbox.patch({ outboxId: c.cardOutboxId }, buildTerminationCard(await caseView(tx, f, c)));
}

/** Re-evaluates one contract after a score; see the file comment. */
export async function evaluateAfterScore(tx: Tx, contractId: number, d: EngineDeps): Promise<EngineResult> {
  const result: EngineResult = { warningsSent: [] };
  const loaded = await loadAndEvaluate(tx, contractId, shanghaiDate(d.now));
  if (loaded?.facts.contract.status !== 'active') return result;
  const { facts: f, scores, cases, evaluation: ev } = loaded;
  const people = recipients(tx, f);
  const byMonth = new Map(scores.map((s) => [s.month, s.finalTenths]));
  result.warningsSent = await sendWarnings(tx, f, { warnings: ev.warnings, byMonth, people, deps: d });

  const pending = cases.find((c) => c.status === 'pending');
  const right = ev.termination;
  if (!right) {
    if (!pending) return result;
    const [c] = await tx
      .update(terminationCases)
      .set({ status: 'withdrawn' })
      .where(and(eq(terminationCases.id, pending.id), eq(terminationCases.status, 'pending')))
      .returning();
    await Promise.all([
      patchCard(tx, f, c!, d),
      audit(tx, c!, { action: 'termination.withdrawn', data: { reason: 'score_corrected' }, now: d.now }),
    ]);
    result.withdrawn = c!.id;
    return result;
  }
  const line = f.clauses.termination.belowTenths;
  const inTerm = (m: Month) => m >= f.term.startMonth && m <= f.term.endMonth;
  const below = scores.filter((s) => s.finalTenths < line && inTerm(s.month)).map((s) => s.month);
  const decided = cases.filter((c) => c.status === 'kept' || c.status === 'started');
  const covered = new Set(decided.flatMap((c) => c.months));
  const fresh = below.filter((m) => !covered.has(m));
  const months = union(right.months, fresh);
  if (pending) {
    if (months.join() === pending.months.join() && pending.rule === right.rule) return result;
    const [c] = await tx
      .update(terminationCases)
      .set({ months, rule: right.rule })
      .where(eq(terminationCases.id, pending.id))
      .returning();
    await Promise.all([
      patchCard(tx, f, c!, d),
      audit(tx, c!, { action: 'termination.updated', data: {}, now: d.now }),
    ]);
    result.updated = c!.id;
    return result;
  }
  if (fresh.length === 0) return result;
  // The new case and the leader go out together (the leader is already read when a warning went out).
  const [[c], told] = await Promise.all([
    tx
      .insert(terminationCases)
      .values({ contractId, rule: right.rule, months, createdAt: d.now })
      .onConflictDoNothing()
      .returning(),
    people(),
  ]);
  if (!c) return result; // another pending case won the partial unique index (cannot happen under the lock)
  const leader = told.find((p) => p.id === f.contract.leaderId)!;
  const cardId = await d.outbox.send(
    { type: 'open_id', id: leader.openId },
    { card: buildTerminationCard(await caseView(tx, f, c)) },
  );
  await Promise.all([
    tx.update(terminationCases).set({ cardOutboxId: cardId }).where(eq(terminationCases.id, c.id)),
    audit(tx, c, {
      action: 'termination.opened',
      data: { leader: leader.openId, cardOutboxId: cardId },
      now: d.now,
    }),
  ]);
  result.opened = c.id;
  return result;
}

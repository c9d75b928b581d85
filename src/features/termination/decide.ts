/**
 * The responsible leader's decision on a termination right (rule 8), made once: start termination
 * (the contract ends on the recorded date, exit items are created) or keep the vendor with a reason.
 * Under the contract's row lock (the order every writer of a contract takes) and the case's, so a
 * concurrent double click, a replay or a decision racing a withdrawal has exactly one effect.
 */

import { eq } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import type { TerminationView } from '../../cards/termination';
import { ruleText } from '../../cards/threshold-messages';
import { contracts, terminationCases } from '../../db/schema';
import { terminationDateError } from '../../domain/after-signing';
import { shanghaiDate } from '../../domain/calendar';
import { contractNumber } from '../../domain/contract-format';
import { DomainError } from '../../domain/errors';
import { assessorIds, loadFacts, peopleByIds, requestPeople } from '../contracts/facts';
import type { UseCase } from '../use-case';
import { createExitItems } from './exit';
import { caseView } from './view';

export const MIN_REASON_CHARS = 4;
export type Decision = { kind: 'start'; endsOn?: string } | { kind: 'keep'; reason?: string };

const DONE: Record<string, string> = { started: '启动清退', kept: '继续履约' };

function checkInput(
  d: Decision,
  today: string,
  term: { startsOn: string; endsOn: string },
): { endsOn?: string; reason?: string } {
  const latest = term.endsOn;
  if (d.kind === 'keep') {
    const reason = (d.reason ?? '').trim();
    if ([...reason].length < MIN_REASON_CHARS)
      throw new DomainError('no_reason', `请填写继续履约的理由(至少${MIN_REASON_CHARS}个字)`);
    return { reason };
  }
  // A term already over leaves nothing to terminate: say so rather than ask for an impossible date.
  if (latest < today)
    throw new DomainError(
      'term_over',
      `合同已于 ${latest} 到期,无需启动清退;如需记录决定,请选择继续履约并填写理由`,
    );
  const endsOn = (d.endsOn ?? '').trim().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(endsOn)) throw new DomainError('no_end_date', '请选择合同终止日期');
  // The order of dates (DOMAIN.md): not before today, within the term; both dates named, the same day allowed.
  const wrong = terminationDateError(endsOn, today, { ...term, terminatedOn: null });
  if (wrong) throw new DomainError(endsOn > latest ? 'end_date_late' : 'end_date_past', wrong);
  return { endsOn };
}

export async function decideTermination(
  uc: UseCase,
  { caseId, decision: d }: { caseId: number; decision: Decision },
): Promise<TerminationView> {
  const { tx, actor, now, out } = uc;
  const [peek] = await tx
    .select({ contractId: terminationCases.contractId })
    .from(terminationCases)
    .where(eq(terminationCases.id, caseId));
  if (!peek) throw new DomainError('no_case', '找不到该清退决策');
  const f = (await loadFacts(tx, peek.contractId, true))!;
  const [c] = await tx.select().from(terminationCases).where(eq(terminationCases.id, caseId)).for('update');
  const leader = (await peopleByIds(tx, [f.contract.leaderId]))[0]!;
  if (leader.id !== actor.personId)
    throw new DomainError('not_leader', `只有该合同的分管班子成员(${leader.name})可以作出清退决定`);
  if (c!.status === 'withdrawn') throw new DomainError('case_withdrawn', '清退权已因评分更正而消除,无需决定');
  if (c!.status !== 'pending') {
    const v = await caseView(tx, f, c!);
    throw new DomainError(
      'already_decided',
      `该清退决策已由${v.decision?.by ?? ''}于 ${v.decision?.on ?? ''} 作出(${DONE[c!.status]}),不能重复决定`,
    );
  }
  const input = checkInput(d, shanghaiDate(now), f.contract);
  const [decided] = await tx
    .update(terminationCases)
    .set({
      status: d.kind === 'start' ? 'started' : 'kept',
      decidedBy: actor.personId,
      decidedAt: now,
      reason: input.reason ?? null,
      endsOn: input.endsOn ?? null,
    })
    .where(eq(terminationCases.id, caseId))
    .returning();
  const what = `${f.vendorName}(合同 ${contractNumber(f.contract)})因${ruleText(c!.rule, f.clauses)},已产生清退权`;
  const assessors = await peopleByIds(tx, await assessorIds(tx, f.contract.id));
  if (input.endsOn) {
    await tx
      .update(contracts)
      .set({ status: 'terminating', endedOn: input.endsOn })
      .where(eq(contracts.id, f.contract.id));
    const items = await createExitItems(
      { tx, out },
      { facts: { ...f, contract: { ...f.contract, endedOn: input.endsOn } }, caseId, endsOn: input.endsOn },
    );
    const req = await requestPeople(tx, f.contract.requestId);
    const told = await peopleByIds(tx, [req.filerId, ...assessors.map((a) => a.id)]);
    const text =
      `${what}。分管班子成员${leader.name}已决定启动清退,合同于 ${input.endsOn} 终止。` +
      `移交、退场事项:${items.map((i) => `${i.title}(${i.dueOn} 前)`).join('、')}。`;
    for (const p of told) await out.send({ type: 'open_id', id: p.openId }, { text });
    await appendAudit(tx, {
      aggregateType: 'contract',
      aggregateId: f.contract.id,
      actor: actor.openId,
      action: 'contract.terminating',
      data: { caseId, endedOn: input.endsOn },
      at: now,
    });
  } else {
    const text = `${what}。分管班子成员${leader.name}已决定继续履约,理由:${input.reason}。请继续按月考核。`;
    for (const p of assessors) await out.send({ type: 'open_id', id: p.openId }, { text });
  }
  await appendAudit(tx, {
    aggregateType: 'termination_case',
    aggregateId: caseId,
    actor: actor.openId,
    action: input.endsOn ? 'termination.started' : 'termination.kept',
    data: { contractId: f.contract.id, rule: c!.rule, months: c!.months, ...input },
    at: now,
  });
  return caseView(tx, f, decided!);
}

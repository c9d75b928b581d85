/**
 * Imported months meet the engines of rules 8 to 10 as typed months do, without the notices a month
 * long past would raise (DESIGN.md, "History imported is history").
 *
 * Rules 8 and 9: the threshold engine is memoryless and sends each warning once by its key
 * (threshold_notices). After an import, every warning the contract's scores now give is recorded as
 * already said (covered by the import's summary), so the next typed score warns only of what is new.
 * The termination right is not put to the leader on import: when the imported months alone already
 * make one, it is recorded as a decided case (kept: the contract ran on) covering those months, so
 * the leader is asked when the next month below the line arrives, as after any "keep" decision;
 * when they do not, nothing is recorded and the next month below the line makes the right then.
 *
 * Rule 7's chase: a month of an imported contract whose escalation date is already past when it is
 * imported is not chased month by month (an assessor's 逾期 notice and the leader's escalation for
 * a month of last spring): its escalation is recorded as done (score_reminders, the row the sweep
 * reads as "nothing more to send"), the summary names those months, and their scores can still be
 * imported. The months still in their window are chased as usual.
 *
 * Rule 10: each ended year the import touched is judged for the contract's project as the year end
 * and the re-judgement judge it (bans/project.ts): a ban is recorded, or a live one lifted, audited;
 * the unit leadership hears of it in the import's summary, not in a notice of its own.
 */
import { appendAudit } from '../../audit/append';
import { rawSql, type Tx } from '../../db/client';
import { scoreReminders, terminationCases, thresholdNotices } from '../../db/schema';
import {
  addBanOn,
  banContractOn,
  liftBanOn,
  lockedBanOn,
  projectContractsOn,
  yearScoresOn,
} from '../../db/sql/bans';
import { shanghaiDate } from '../../domain/calendar';
import { rejudge } from '../../domain/rejudge';
import { formatPoints } from '../../domain/score';
import type { ScoringClauses } from '../../domain/score-window';
import { kindDue } from '../../domain/score-window';
import { OutboxWriter } from '../../outbox/write';
import { banAuditData, banReason, contractsNamed, flagBannedPurchases, judgeProject } from '../bans/project';
import { monthsSoFar } from '../scoring/reminders-plan';
import { loadAndEvaluate } from '../thresholds/load';

export type Silenced = { warnings: string[]; kept?: { rule: string; months: string[] } };

/** Records the contract's due warnings as said and a right of imported months as kept; see the file comment. */
export async function settleThresholds(
  tx: Tx,
  contractId: number,
  actor: string,
  now: Date,
): Promise<Silenced> {
  const loaded = await loadAndEvaluate(tx, contractId, shanghaiDate(now));
  if (loaded?.facts.contract.status !== 'active') return { warnings: [] };
  const { evaluation: ev, scores, cases, facts } = loaded;
  const inserted = ev.warnings.length
    ? await tx
        .insert(thresholdNotices)
        .values(ev.warnings.map((w) => ({ contractId, key: w.key, sentAt: now })))
        .onConflictDoNothing()
        .returning({ key: thresholdNotices.key })
    : [];
  const result: Silenced = { warnings: inserted.map((r) => r.key) };
  const right = ev.termination;
  if (right && !cases.some((c) => c.status === 'pending')) {
    const line = facts.clauses.termination.belowTenths;
    const covered = new Set(
      cases.filter((c) => c.status === 'kept' || c.status === 'started').flatMap((c) => c.months),
    );
    const below = scores
      .filter(
        (s) => s.finalTenths < line && s.month >= facts.term.startMonth && s.month <= facts.term.endMonth,
      )
      .map((s) => s.month);
    if (below.some((m) => !covered.has(m))) {
      const months = [...new Set([...right.months, ...below])].sort();
      const reason = '历史数据导入:导入前已满足清退条件,合同仍在履行,视为保留';
      const [c] = await tx
        .insert(terminationCases)
        .values({
          contractId,
          rule: right.rule,
          months,
          status: 'kept',
          reason,
          decidedAt: now,
          createdAt: now,
        })
        .returning();
      await appendAudit(tx, {
        aggregateType: 'termination_case',
        aggregateId: c!.id,
        actor,
        action: 'termination.history_kept',
        data: { contractId, rule: right.rule, months, reason, history: true },
        at: now,
      });
      result.kept = { rule: right.rule, months };
    }
  }
  if (result.warnings.length)
    await appendAudit(tx, {
      aggregateType: 'contract',
      aggregateId: contractId,
      actor,
      action: 'threshold.history_covered',
      data: { keys: result.warnings, history: true },
      at: now,
    });
  return result;
}

/** Records the escalation of every long-past month of a new imported contract as done; see the file comment. */
export async function coverPastChases(
  tx: Tx,
  c: { id: number; startsOn: string; endsOn: string; leaderId: number; scoring: ScoringClauses },
  actor: string,
  now: Date,
): Promise<string[]> {
  const today = shanghaiDate(now);
  const months = monthsSoFar(c, today).filter((m) => kindDue(m, today, c.scoring) === 'escalate');
  if (months.length === 0) return [];
  await tx
    .insert(scoreReminders)
    .values(
      months.map((month) => ({
        contractId: c.id,
        month,
        personId: c.leaderId,
        kind: 'escalate' as const,
        sentAt: now,
      })),
    )
    .onConflictDoNothing();
  await appendAudit(tx, {
    aggregateType: 'contract',
    aggregateId: c.id,
    actor,
    action: 'score_reminders.history_covered',
    data: { months, history: true },
    at: now,
  });
  return months;
}

export type YearVerdict = { kind: 'ban' | 'lift'; year: number; text: string; unitId: number };

/** Judges `year` (ended) for the contract's project; see the file comment. */
export async function judgeImportedYear(
  tx: Tx,
  { contractId, year, actor, now }: { contractId: number; year: number; actor: string; now: Date },
): Promise<YearVerdict | undefined> {
  const sql = rawSql(tx);
  const c = await banContractOn(sql, contractId);
  if (!c) return undefined;
  const existing = await lockedBanOn(sql, c, year + 1);
  const contracts = await projectContractsOn(sql, [c.id], year);
  const scores = await yearScoresOn(
    sql,
    contracts.map((x) => x.id),
    year,
  );
  const p = judgeProject(contracts, scores, year);
  const verdict = rejudge(p.ban, existing ? { lifted: existing.lifted } : null);
  const judged = contracts.map((x) => x.id);
  if (verdict.kind === 'ban') {
    const reason = banReason(p, year);
    const banId = await addBanOn(sql, p.barContract, year + 1, reason, actor);
    if (banId === undefined) return undefined;
    await appendAudit(tx, {
      aggregateType: 'contract',
      aggregateId: c.id,
      actor,
      action: 'vendor.banned',
      // Told in the import's summary (notice.ts), not by a notice of its own: no recipients.
      data: { ...banAuditData(c, { banId, year: year + 1, reason, judged, recipients: [] }), history: true },
      at: now,
    });
    // A procurement already recorded with the vendor for the banned year is today's matter: flagged.
    await flagBannedPurchases(
      tx,
      { out: new OutboxWriter(tx), now, actor },
      { id: banId, year: year + 1, reason, contract: c, judged },
    );
    return { kind: 'ban', year: year + 1, text: `禁投:${reason}`, unitId: c.unitId };
  }
  if (verdict.kind === 'lift') {
    const avg = p.averageDisplay ? `为${p.averageDisplay}分,` : '已无评分,';
    const reason = `${contractsNamed(contracts)} ${year}年度考核平均分${avg}达到${formatPoints(p.barTenths)}分(历史数据导入)`;
    if (!(await liftBanOn(sql, existing!.id, reason, now.toISOString()))) return undefined;
    await appendAudit(tx, {
      aggregateType: 'contract',
      aggregateId: c.id,
      actor,
      action: 'vendor.ban_lifted',
      data: {
        ban: existing!.id,
        vendor: c.vendorId,
        year: year + 1,
        reason,
        contracts: judged,
        history: true,
        recipients: [],
      },
      at: now,
    });
    return { kind: 'lift', year: year + 1, text: `解除${year + 1}年度禁投:${reason}`, unitId: c.unitId };
  }
  return undefined;
}

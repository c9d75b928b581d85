/**
 * The replay's recomputation (复算): the trail's rows in the order they were written, each fact
 * applied as it happened, and after each score what rules 8 to 11 then required, by the pure rules of
 * domain/ only. Its own loop and its own memory: none of the engine's code (features/thresholds,
 * features/bans, features/settlement) runs here, so a fault or an edit in either shows up as a
 * difference (compare.ts).
 *
 * - Scores: the latest score.recorded / score.corrected of a month; a spot check's score stands for
 *   its month when its gap is above the tolerance of the check's policy and that policy says
 *   `checker_score_stands` (rule 12, re-derived from spot_check.created and spot_check.scored; the
 *   newest such check wins), as the engine's funding rule reads it.
 * - Warnings (rule 9) and the termination right (rule 8): evaluateContract after each score while the
 *   contract is active (until contract.terminating); each warning key once; the leader's question
 *   opened, updated or withdrawn as the right comes and goes, a decided case (kept, started) covering
 *   its months.
 * - Bans (rule 10): a year is judged when its year end starts (year_end.started) over every project
 *   with a contract in that year, and again after every score of a judged year (projectYear, rejudge).
 * - Settlements (rule 11): each settlement.confirmed judged by the scores current when it was
 *   confirmed: the band of the period's average, the deduction, the annual cap after the earlier
 *   periods of the same year, the amount payable.
 * - History brought in (features/history): score.imported counts as a typed month without an
 *   evaluation of its own; the import's threshold.history_covered keys are due warnings said by its
 *   summary (no message), termination.history_kept a decided case, import.history the moment the
 *   ended years it touched are judged; vendor_ban.imported and settlement.imported are facts like
 *   their typed counterparts. A contract.imported row that states its clauses is judged by them.
 */
import type { BidBan } from '../../domain/annual-average';
import { shanghaiDate } from '../../domain/business-date';
import type { ContractClauseValues } from '../../domain/contract';
import { deductionFor, periodScore } from '../../domain/deduction';
import type { ContractClauses, MonthlyScore } from '../../domain/monthly-scores';
import { type Month, monthOfDate, type Term, yearOf } from '../../domain/months';
import type { Policy } from '../../domain/policy';
import { projectYear } from '../../domain/project-year';
import { formatTenthsDown } from '../../domain/ratio';
import { rejudge, yearJudged } from '../../domain/rejudge';
import { evaluateContract, type TerminationRight } from '../../domain/threshold';
import type { Trail, TrailRow } from './trail';

export type SimContract = {
  id: number;
  unitId: number;
  category: string;
  signedOn: string;
  vendorId: number;
  startsOn: string;
  endsOn: string;
  term: Term;
  clauses: ContractClauses;
  policyVersion: number;
  active: boolean;
  /** The audit row the contract's facts come from. */
  rowId: number;
};

/** A score as the trail recorded it (by score id). */
export type TrailScore = {
  scoreId: number;
  contractId: number;
  month: Month;
  finalTenths: number;
  rowId: number;
};

export type SimCase = {
  rule: TerminationRight['rule'];
  months: Month[];
  status: 'pending' | 'kept' | 'started' | 'withdrawn';
};
export type CaseEvent = {
  kind: 'opened' | 'updated' | 'withdrawn';
  rule: string;
  months: Month[];
  rowId: number;
};

export type BanEvent = { kind: 'ban' | 'lift'; rowId: number };
/** A project's ban for a year: `${vendor}/${unit}/${category}/${year}`. */
export type BanState = {
  vendorId: number;
  unitId: number;
  category: string;
  year: number;
  live: boolean;
  events: BanEvent[];
};

export type SettlementCheck = {
  rowId: number;
  contractId: number;
  settlementId: number;
  period: string;
  year: number;
  months: Month[];
  amountFen: bigint;
  unscored: Month[];
  /** What the rules give. */
  expected: {
    score: string | null;
    deductBp: number;
    rawFen: bigint;
    deductionFen: bigint;
    payableFen: bigint;
  };
  /** What the audit row says. */
  claimed: {
    score: string | null;
    deductBp: number;
    rawFen: bigint;
    deductionFen: bigint;
    payableFen: bigint;
  };
};

export type Replayed = {
  contracts: Map<number, SimContract>;
  scores: Map<number, TrailScore>;
  /** The latest score id of each contract-month (before the spot checks' funding rule). */
  current: Map<number, Map<Month, number>>;
  /** The checker scores that stand: contract → month → tenths. */
  standing: Map<number, Map<Month, number>>;
  /** Warning keys the rules gave, per contract, with the row after which they were due. */
  warnings: Map<number, Map<string, number>>;
  /** What the trail says was warned. */
  warned: {
    rowId: number;
    contractId: number;
    key: string;
    to: string[];
    group?: string;
    text: string;
    at: Date;
  }[];
  cases: Map<number, SimCase[]>;
  caseEvents: Map<number, CaseEvent[]>;
  trailCaseEvents: Map<number, CaseEvent[]>;
  bans: Map<string, BanState>;
  trailBans: Map<string, BanState>;
  /** Ban and lift notices as the trail records them, with their recipients. */
  banNotices: { rowId: number; kind: 'ban' | 'lift'; recipients: string[]; at: Date }[];
  settlements: SettlementCheck[];
  savings: TrailRow[];
  spotChecks: {
    rowId: number;
    checkId: number;
    scoreId: number;
    checkerTenths: number;
    exceeds: boolean;
    stands: boolean;
  }[];
  /**
   * Warning keys a history import recorded as said without a message (`contract/key`): the months
   * were long past, the import's summary told the leadership instead.
   */
  historyCovered: Set<string>;
  /** Differences found inside the trail itself (a fact the rules contradict, a row about nothing). */
  findings: string[];
};

export const banKey = (vendorId: number, unitId: number, category: string, year: number) =>
  `${vendorId}/${unitId}/${category}/${year}`;

const num = (v: unknown) => Number(v);
const fen = (v: unknown) => BigInt(String(v ?? '0'));

function clausesOf(p: Policy): ContractClauses {
  return {
    termination: { ...p.termination },
    bidBan: { ...p.bidBan },
    deduction: {
      bands: p.deduction.bands.map((b) => ({ ...b })),
      annualCapFen: BigInt(p.deduction.annualCapFen),
    },
  };
}

const isClauses = (v: unknown): v is ContractClauseValues =>
  typeof v === 'object' && v !== null && 'termination' in v && 'bidBan' in v && 'deduction' in v;

/** The clauses a history contract's audit row states (cap as a decimal string), in the evaluator's shape. */
function importedClauses(c: ContractClauseValues): ContractClauses {
  return {
    termination: { ...c.termination },
    bidBan: { ...c.bidBan },
    deduction: {
      bands: c.deduction.bands.map((b) => ({ ...b })),
      annualCapFen: BigInt(c.deduction.annualCapFen),
    },
  };
}

const getOr = <K, V>(m: Map<K, V>, k: K, make: () => V): V => {
  let v = m.get(k);
  if (v === undefined) {
    v = make();
    m.set(k, v);
  }
  return v;
};

/** Replays the trail; see the file comment. */
export function recompute(trail: Trail): Replayed {
  const r: Replayed = {
    contracts: new Map(),
    scores: new Map(),
    current: new Map(),
    standing: new Map(),
    warnings: new Map(),
    warned: [],
    cases: new Map(),
    caseEvents: new Map(),
    trailCaseEvents: new Map(),
    bans: new Map(),
    trailBans: new Map(),
    banNotices: [],
    settlements: [],
    savings: [],
    spotChecks: [],
    historyCovered: new Set(),
    findings: [],
  };
  /** Ended years a history import brought scores of, judged when its import.history row comes. */
  const historyYears: { c: SimContract; year: number }[] = [];
  const checkPolicy = new Map<number, number>();
  const judgedYears = new Set<number>();
  /** Contracts by project key `${vendor}/${unit}/${category}`. */
  const projects = new Map<string, SimContract[]>();

  const effective = (c: SimContract): MonthlyScore[] => {
    const cur = r.current.get(c.id) ?? new Map<Month, number>();
    const st = r.standing.get(c.id);
    return [...cur.entries()]
      .map(([month, id]) => ({ month, finalTenths: st?.get(month) ?? r.scores.get(id)!.finalTenths }))
      .sort((a, b) => (a.month < b.month ? -1 : 1));
  };

  const contractNamed = (id: number, row: TrailRow): SimContract | undefined => {
    const c = r.contracts.get(id);
    // A contract of the table whose signing the trail holds without its term (an import before the
    // trail recorded it) cannot be replayed: compare.ts says so once, in a note, not per row.
    if (!c && !trail.identity.has(id))
      r.findings.push(`审计记录 #${row.id}(${row.action})所指的合同没有签订或导入记录`);
    return c;
  };

  const overlapping = (c: SimContract, year: number) =>
    (projects.get(`${c.vendorId}/${c.unitId}/${c.category}`) ?? []).filter(
      (x) => x.startsOn <= `${year}-12-31` && x.endsOn >= `${year}-01-01`,
    );

  const judge = (members: SimContract[], year: number): BidBan | null =>
    projectYear(
      members.map((x) => ({
        id: x.id,
        endsOn: x.endsOn,
        signedOn: x.signedOn,
        clauses: x.clauses,
        term: x.term,
        scores: effective(x).filter((s) => yearOf(s.month) === year),
      })),
      year,
    ).ban;

  const banState = (c: SimContract, year: number) =>
    getOr(r.bans, banKey(c.vendorId, c.unitId, c.category, year), () => ({
      vendorId: c.vendorId,
      unitId: c.unitId,
      category: c.category,
      year,
      live: false,
      events: [],
    }));

  /** The engine's re-judgement after a score of `month` (rule 10 across the year boundary). */
  const rejudgeAfter = (c: SimContract, month: Month, row: TrailRow) => {
    const year = yearOf(month);
    const rec = r.bans.get(banKey(c.vendorId, c.unitId, c.category, year + 1));
    const recorded = rec?.events.length ? { lifted: !rec.live } : null;
    if (!yearJudged(recorded, judgedYears.has(year))) return;
    const members = overlapping(c, year);
    if (members.length === 0) return;
    const v = rejudge(judge(members, year), recorded);
    if (v.kind === 'none') return;
    const b = banState(c, year + 1);
    b.live = v.kind === 'ban';
    b.events.push({ kind: v.kind, rowId: row.id });
  };

  /** The engine's evaluation after a score (rules 8 and 9), see the file comment. */
  const evaluate = (c: SimContract, row: TrailRow) => {
    if (!c.active) return;
    const scores = effective(c);
    const ev = evaluateContract({ clauses: c.clauses, term: c.term, scores, asOf: shanghaiDate(row.at) });
    const keys = getOr(r.warnings, c.id, () => new Map<string, number>());
    for (const w of ev.warnings) if (!keys.has(w.key)) keys.set(w.key, row.id);
    const cases = getOr(r.cases, c.id, () => []);
    const events = getOr(r.caseEvents, c.id, () => []);
    const pending = cases.find((x) => x.status === 'pending');
    const right = ev.termination;
    if (!right) {
      if (pending) {
        pending.status = 'withdrawn';
        events.push({ kind: 'withdrawn', rule: pending.rule, months: pending.months, rowId: row.id });
      }
      return;
    }
    const line = c.clauses.termination.belowTenths;
    const inTerm = (m: Month) => m >= c.term.startMonth && m <= c.term.endMonth;
    const below = scores.filter((s) => s.finalTenths < line && inTerm(s.month)).map((s) => s.month);
    const covered = new Set(
      cases.filter((x) => x.status === 'kept' || x.status === 'started').flatMap((x) => x.months),
    );
    const fresh = below.filter((m) => !covered.has(m));
    const months = [...new Set([...right.months, ...fresh])].sort();
    if (pending) {
      if (months.join() === pending.months.join() && pending.rule === right.rule) return;
      pending.months = months;
      pending.rule = right.rule;
      events.push({ kind: 'updated', rule: right.rule, months, rowId: row.id });
      return;
    }
    if (fresh.length === 0) return;
    cases.push({ rule: right.rule, months, status: 'pending' });
    events.push({ kind: 'opened', rule: right.rule, months, rowId: row.id });
  };

  const afterScore = (c: SimContract, month: Month, row: TrailRow) => {
    evaluate(c, row);
    rejudgeAfter(c, month, row);
  };

  for (const row of trail.rows) {
    const d = row.data;
    switch (row.action) {
      case 'contract.signed':
      case 'contract.imported': {
        const id = num(row.aggregateId);
        const who = trail.identity.get(id);
        const policy = trail.policies.get(num(d.policyVersion));
        if (!who) {
          r.findings.push(`合同(审计记录 #${row.id}):审计记录有签订记录,合同表中没有此合同`);
          break;
        }
        if (!policy) {
          r.findings.push(`合同(审计记录 #${row.id}):签订所依据的政策第${String(d.policyVersion)}版不存在`);
          break;
        }
        if (typeof d.startsOn !== 'string' || typeof d.endsOn !== 'string' || d.vendorId === undefined) {
          r.findings.push(`合同(审计记录 #${row.id}):签订记录缺少合同期或供应商,无法复算`);
          break;
        }
        const c: SimContract = {
          id,
          unitId: who.unitId,
          category: who.category,
          signedOn: who.signedOn,
          vendorId: num(d.vendorId),
          startsOn: d.startsOn,
          endsOn: d.endsOn,
          term: { startMonth: monthOfDate(d.startsOn), endMonth: monthOfDate(d.endsOn) },
          // A contract brought in as history states the clauses it was signed with.
          clauses: isClauses(d.clauses) ? importedClauses(d.clauses) : clausesOf(policy),
          policyVersion: policy.version,
          active: true,
          rowId: row.id,
        };
        r.contracts.set(id, c);
        getOr(projects, `${c.vendorId}/${c.unitId}/${c.category}`, () => []).push(c);
        break;
      }
      case 'contract.terminating':
      case 'contract.terminated': {
        const c = contractNamed(num(row.aggregateId), row);
        if (c) c.active = false;
        break;
      }
      case 'score.recorded':
      case 'score.corrected': {
        const c = contractNamed(num(d.contractId), row);
        if (!c) break;
        const s: TrailScore = {
          scoreId: num(row.aggregateId),
          contractId: c.id,
          month: String(d.month),
          finalTenths: num(d.finalTenths),
          rowId: row.id,
        };
        r.scores.set(s.scoreId, s);
        getOr(r.current, c.id, () => new Map()).set(s.month, s.scoreId);
        afterScore(c, s.month, row);
        break;
      }
      case 'score.imported': {
        // History (features/history): the month counts as typed, but the import's own rows below
        // (history_covered, history_kept, its bans) say what it did instead of warning or asking.
        const c = contractNamed(num(d.contractId), row);
        if (!c) break;
        const s: TrailScore = {
          scoreId: num(row.aggregateId),
          contractId: c.id,
          month: String(d.month),
          finalTenths: num(d.finalTenths),
          rowId: row.id,
        };
        r.scores.set(s.scoreId, s);
        getOr(r.current, c.id, () => new Map()).set(s.month, s.scoreId);
        const year = yearOf(s.month);
        if (
          year < yearOf(monthOfDate(shanghaiDate(row.at))) &&
          !historyYears.some((x) => x.c === c && x.year === year)
        )
          historyYears.push({ c, year });
        break;
      }
      case 'threshold.history_covered': {
        const c = contractNamed(num(row.aggregateId), row);
        if (!c?.active) break;
        const ev = evaluateContract({
          clauses: c.clauses,
          term: c.term,
          scores: effective(c),
          asOf: shanghaiDate(row.at),
        });
        const keys = getOr(r.warnings, c.id, () => new Map<string, number>());
        const fresh = ev.warnings.map((w) => w.key).filter((k) => !keys.has(k));
        for (const k of fresh) {
          keys.set(k, row.id);
          r.historyCovered.add(`${c.id}/${k}`);
        }
        const said = Array.isArray(d.keys) ? d.keys.map(String) : [];
        if (fresh.join() !== said.join())
          r.findings.push(
            `历史导入(审计记录 #${row.id}):复算应记为已通知的预警为${fresh.join('、') || '无'},审计记录为${said.join('、') || '无'}`,
          );
        break;
      }
      case 'termination.history_kept': {
        const c = contractNamed(num(d.contractId), row);
        if (!c) break;
        const ev = evaluateContract({
          clauses: c.clauses,
          term: c.term,
          scores: effective(c),
          asOf: shanghaiDate(row.at),
        });
        if (!ev.termination)
          r.findings.push(`历史导入(审计记录 #${row.id}):记为保留的清退权,复算时导入的月份并不构成清退权`);
        const months = Array.isArray(d.months) ? d.months.map(String) : [];
        getOr(r.cases, c.id, () => []).push({
          rule: d.rule === 'cumulative' ? 'cumulative' : 'consecutive',
          months,
          status: 'kept',
        });
        break;
      }
      case 'import.history': {
        // The import's bans: each ended year it brought scores of, judged as a re-judgement would,
        // whether or not the year end had run (rule 10).
        for (const { c, year } of historyYears.splice(0)) {
          const members = overlapping(c, year);
          if (members.length === 0) continue;
          const rec = r.bans.get(banKey(c.vendorId, c.unitId, c.category, year + 1));
          const recorded = rec?.events.length ? { lifted: !rec.live } : null;
          const v = rejudge(judge(members, year), recorded);
          if (v.kind === 'none') continue;
          const b = banState(c, year + 1);
          b.live = v.kind === 'ban';
          b.events.push({ kind: v.kind, rowId: row.id });
        }
        break;
      }
      case 'vendor_ban.imported': {
        // A ban decided before the bot, brought in as it stands: a fact, not something to recompute.
        const [vendorId, unitId, category, year] = [
          num(row.aggregateId),
          num(d.unit),
          String(d.category),
          num(d.year),
        ];
        const key = banKey(vendorId, unitId, category, year);
        for (const m of [r.bans, r.trailBans]) {
          const b = getOr(m, key, () => ({
            vendorId,
            unitId,
            category,
            year,
            live: false,
            events: [] as BanEvent[],
          }));
          b.live = true;
          b.events.push({ kind: 'ban', rowId: row.id });
        }
        break;
      }
      case 'spot_check.created':
        checkPolicy.set(num(row.aggregateId), num(d.policyVersion));
        break;
      case 'spot_check.scored': {
        const checkId = num(row.aggregateId);
        const policy = trail.policies.get(checkPolicy.get(checkId) ?? -1);
        const scored = r.scores.get(num(d.scoreId));
        const c = contractNamed(num(d.contractId), row);
        if (!c) break;
        if (!policy || !scored) {
          r.findings.push(`抽查(审计记录 #${row.id}):抽查的政策版本或被抽查的评分不在审计记录中,无法复算`);
          break;
        }
        const checker = num(d.checkerFinalTenths);
        const exceeds = Math.abs(checker - scored.finalTenths) > policy.spotCheck.toleranceTenths;
        const stands = exceeds && policy.spotCheck.onGapAboveTolerance === 'checker_score_stands';
        r.spotChecks.push({
          rowId: row.id,
          checkId,
          scoreId: scored.scoreId,
          checkerTenths: checker,
          exceeds,
          stands,
        });
        if (d.exceedsTolerance !== exceeds || d.checkerScoreStands !== stands)
          r.findings.push(
            `抽查 ${scored.month}(审计记录 #${row.id}):复算${exceeds ? '超出' : '未超出'}容差${stands ? '且抽查分有效' : ''},审计记录为${d.exceedsTolerance ? '超出' : '未超出'}容差${d.checkerScoreStands ? '且抽查分有效' : ''}`,
          );
        if (stands) {
          getOr(r.standing, c.id, () => new Map()).set(scored.month, checker);
          afterScore(c, scored.month, row);
        }
        break;
      }
      case 'threshold.warned':
        r.warned.push({
          rowId: row.id,
          contractId: num(row.aggregateId),
          key: String(d.key),
          to: Array.isArray(d.to) ? d.to.map(String) : [],
          ...(typeof d.group === 'string' ? { group: d.group } : {}),
          text: String(d.text ?? ''),
          at: row.at,
        });
        break;
      case 'termination.opened':
      case 'termination.updated':
      case 'termination.withdrawn': {
        const kind = row.action.slice('termination.'.length) as CaseEvent['kind'];
        getOr(r.trailCaseEvents, num(d.contractId), () => []).push({
          kind,
          rule: String(d.rule),
          months: Array.isArray(d.months) ? d.months.map(String) : [],
          rowId: row.id,
        });
        break;
      }
      case 'termination.kept':
      case 'termination.started': {
        const pending = (r.cases.get(num(d.contractId)) ?? []).find((x) => x.status === 'pending');
        if (pending) pending.status = row.action === 'termination.kept' ? 'kept' : 'started';
        else r.findings.push(`清退决定(审计记录 #${row.id}):复算中该合同没有待决的清退权`);
        break;
      }
      case 'year_end.started': {
        const year = num(row.aggregateId);
        judgedYears.add(year);
        const seen = new Set<string>();
        for (const c of r.contracts.values()) {
          const key = `${c.vendorId}/${c.unitId}/${c.category}`;
          if (seen.has(key)) continue;
          const members = overlapping(c, year);
          if (members.length === 0) continue;
          seen.add(key);
          const ban = judge(members, year);
          const b = r.bans.get(banKey(c.vendorId, c.unitId, c.category, year + 1));
          if (ban && !b?.live) {
            const s = banState(c, year + 1);
            s.live = true;
            s.events.push({ kind: 'ban', rowId: row.id });
          }
        }
        break;
      }
      case 'vendor.banned':
      case 'vendor.ban_lifted': {
        // The project is the contract's identity: known even for a contract the replay cannot replay.
        const c = contractNamed(num(row.aggregateId), row) ?? trail.identity.get(num(row.aggregateId));
        if (!c) break;
        const kind = row.action === 'vendor.banned' ? 'ban' : 'lift';
        const year = num(d.year);
        const s = getOr(r.trailBans, banKey(num(d.vendor), c.unitId, c.category, year), () => ({
          vendorId: num(d.vendor),
          unitId: c.unitId,
          category: c.category,
          year,
          live: false,
          events: [],
        }));
        s.live = kind === 'ban';
        s.events.push({ kind, rowId: row.id });
        r.banNotices.push({
          rowId: row.id,
          kind,
          recipients: Array.isArray(d.recipients) ? d.recipients.map(String) : [],
          at: row.at,
        });
        break;
      }
      case 'settlement.confirmed':
      case 'settlement.imported': {
        const c = contractNamed(num(row.aggregateId), row);
        if (c) r.settlements.push(settle(c, row, effective(c), r.settlements));
        break;
      }
      case 'saving.recorded':
        r.savings.push(row);
        break;
    }
  }
  return r;
}

/** A confirmed period judged by the scores of its months at the time (rule 11). */
function settle(
  c: SimContract,
  row: TrailRow,
  scores: MonthlyScore[],
  earlier: SettlementCheck[],
): SettlementCheck {
  const d = row.data;
  const months = Array.isArray(d.months) ? d.months.map(String) : [];
  const byMonth = new Map(scores.map((s) => [s.month, s.finalTenths]));
  const tenths = months.map((m) => byMonth.get(m)).filter((v): v is number => v !== undefined);
  const score = periodScore(tenths);
  const year = num(d.year);
  const already = earlier
    .filter((s) => s.contractId === c.id && s.year === year)
    .reduce((a, s) => a + s.expected.deductionFen, 0n);
  const amountFen = fen(d.amountFen);
  const x = deductionFor({
    bands: c.clauses.deduction.bands,
    periodAmountFen: amountFen,
    finalTenths: score,
    alreadyDeductedThisYearFen: already,
    annualCapFen: c.clauses.deduction.annualCapFen,
  });
  return {
    rowId: row.id,
    contractId: c.id,
    settlementId: num(d.settlement),
    period: String(d.period),
    year,
    months,
    amountFen,
    unscored: months.filter((m) => !byMonth.has(m)),
    expected: {
      score: score && formatTenthsDown(score),
      deductBp: x.deductBp,
      rawFen: x.rawFen,
      deductionFen: x.cappedFen,
      payableFen: x.payableFen,
    },
    claimed: {
      score: typeof d.score === 'string' ? d.score : null,
      deductBp: num(d.deductBp),
      rawFen: fen(d.rawDeductionFen),
      deductionFen: fen(d.deductionFen),
      payableFen: fen(d.payableFen),
    },
  };
}

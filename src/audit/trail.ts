import { PgTransaction } from 'drizzle-orm/pg-core';
import { type DbOrTx, rawSql } from '../db/client';
import { AUDITED_TABLES, type UncoveredRows, uncoveredStateRows } from './coverage';
import { type AuditProblem, type VerifyResult, verifyAudit } from './verify';
import { checkAgainstAnchors, type WitnessReport } from './witness';

export type TrailReport = {
  ok: boolean;
  chains: VerifyResult;
  witness: WitnessReport;
  uncovered: UncoveredRows[];
};

/**
 * Everything `audit:verify` checks (and the board's 审计核验 button), in one read-only snapshot: each chain by its keyed
 * hashes, the trail against the anchors outside the database, and the state rows that must have
 * an audit row.
 */
export async function verifyTrail(db: DbOrTx, o: { file: string; digest?: string }): Promise<TrailReport> {
  const run = async (tx: DbOrTx): Promise<TrailReport> => {
    const chains = await verifyAudit(tx);
    const witness = await checkAgainstAnchors(tx, o);
    const uncovered = await uncoveredStateRows(rawSql(tx));
    return {
      ok: chains.ok && witness.problems.length === 0 && uncovered.length === 0,
      chains,
      witness,
      uncovered,
    };
  };
  // Inside the caller's transaction (a test that tampers and rolls back), that is the snapshot.
  if (db instanceof PgTransaction) return run(db);
  return db.transaction(run, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

const PROBLEM: Record<AuditProblem, string> = {
  altered: '记录被篡改',
  removed: '记录被删除',
  reordered: '记录顺序被改动',
  head: '链头与记录不符',
};

/** The report in plain Chinese, for the command and for the card: each finding named with its rows. */
export type TrailSummary = {
  ok: boolean;
  chains: string;
  anchors?: string;
  notes: string[];
  findings: string[];
};

export function trailSummary(r: TrailReport, file: string): TrailSummary {
  const c = r.chains;
  let chains: string;
  if (c.ok) chains = `审计链完好:${c.chains} 条审计链,共 ${c.rows} 条记录`;
  else {
    const { id, aggregateType, aggregateId, seq } = c.row;
    chains = `审计链发现问题:${aggregateType}/${aggregateId} 第 ${seq} 条(行 id=${id ?? '无'})${PROBLEM[c.problem]} — ${c.detail}`;
  }
  const w = r.witness;
  const anchors = w.latest
    ? `锚点:${file} 中有 ${w.anchors} 个,最新为 ${w.latest.date} 的 #${w.latest.n}(摘要 ${w.latest.digest})`
    : undefined;
  const findings = [
    ...(c.ok ? [] : [chains]),
    ...w.problems,
    ...r.uncovered.map((u) => {
      const label = AUDITED_TABLES.find((t) => t.table === u.table)?.label ?? u.table;
      const more = u.count > u.sampleIds.length ? ' 等' : '';
      return `${label}(${u.table}):${u.count} 行没有任何审计记录(${u.sampleIds.map((id) => `${u.aggregateType}/${id}`).join('、')}${more}):其审计记录被删除`;
    }),
  ];
  return { ok: r.ok, chains, ...(anchors ? { anchors } : {}), notes: w.notes, findings };
}

/** The report as the lines the command prints: every finding named, at most `max` of them. */
export function trailLines(r: TrailReport, file: string, max = 20): string[] {
  const s = trailSummary(r, file);
  const out = [`审计核验:${s.chains}`];
  if (s.anchors) out.push(`审计核验:${s.anchors}`);
  for (const n of s.notes) out.push(`审计核验:说明 — ${n}`);
  const findings = s.findings.slice(r.chains.ok ? 0 : 1);
  for (const f of findings.slice(0, max)) out.push(`审计核验:发现问题 — ${f}`);
  if (findings.length > max) out.push(`审计核验:……另有 ${findings.length - max} 项`);
  out.push(s.ok ? '审计核验:通过' : `审计核验:未通过(${s.findings.length} 项问题)`);
  return out;
}

import { PgTransaction } from 'drizzle-orm/pg-core';
import { type DbOrTx, rawSql } from '../db/client';
import { type UncoveredRows, uncoveredStateRows } from './coverage';
import { type VerifyResult, verifyAudit } from './verify';
import { checkAgainstAnchors, type WitnessReport } from './witness';

export type TrailReport = {
  ok: boolean;
  chains: VerifyResult;
  witness: WitnessReport;
  uncovered: UncoveredRows[];
};

/**
 * Everything `npm run audit:verify` checks, in one read-only snapshot: each chain by its keyed
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

/** The report as the lines the command prints: every finding named, at most `max` of them. */
export function trailLines(r: TrailReport, file: string, max = 20): string[] {
  const out: string[] = [];
  const c = r.chains;
  if (c.ok) out.push(`audit: chains OK, ${c.rows} rows in ${c.chains} chains`);
  else {
    const { id, aggregateType, aggregateId, seq } = c.row;
    out.push(
      `audit: chains FAILED at row id=${id ?? 'none'} (${aggregateType}/${aggregateId} #${seq}): ${c.problem} — ${c.detail}`,
    );
  }
  const w = r.witness;
  if (w.latest) {
    out.push(
      `audit: anchors: ${w.anchors} in ${file}, the latest #${w.latest.n} of ${w.latest.date} (digest ${w.latest.digest})`,
    );
  }
  for (const n of w.notes) out.push(`audit: note: ${n}`);
  const findings = [
    ...w.problems,
    ...r.uncovered.map(
      (u) =>
        `${u.table}: ${u.count} row(s) without any audit row (${u.aggregateType}/${u.sampleIds.join(`, ${u.aggregateType}/`)}${u.count > u.sampleIds.length ? ', ...' : ''}): their trail was deleted`,
    ),
  ];
  for (const f of findings.slice(0, max)) out.push(`audit: FAILED — ${f}`);
  if (findings.length > max) out.push(`audit: ... and ${findings.length - max} more`);
  out.push(r.ok ? 'audit: OK' : `audit: FAILED (${findings.length + (c.ok ? 0 : 1)} finding(s))`);
  return out;
}

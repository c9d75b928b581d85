/**
 * `npm run audit:replay`: the inspector's replay (复算) for an auditor: rules 8 to
 * 15 recomputed from the audit trail and the policy versions alone, for the whole zone, compared with
 * what the tables hold and what the outbox sent (features/replay). It prints Chinese: what was
 * recomputed and agreed per area, then each finding with its rows. Exit 0 when everything agrees,
 * 1 with findings, 2 when the replay could not run. The board's 复算核验 button runs the same.
 * `OUTBOX_RETENTION_DAYS` is honoured: messages older than that are no longer in the outbox.
 */
import { replayCountLine } from '../cards/replay';
import { loadConfig } from '../config';
import { replay } from '../features/replay';
import { runCommand } from './run';

const fail = (why: string) => `复算核验:无法完成 — ${why}`;
if (process.argv.length > 2) {
  console.error(fail('用法:audit:replay(不带参数,复算全园区)'));
  process.exit(2);
}

runCommand(
  'audit: replay',
  async (db) => {
    const retentionDays = loadConfig().retention.outboxRetentionDays;
    // One snapshot: the trail and the tables it is compared with are read as of one moment.
    const r = await db.transaction((tx) => replay(tx, { units: null, now: new Date(), retentionDays }), {
      isolationLevel: 'repeatable read',
      accessMode: 'read only',
    });
    console.log(`复算核验:按审计记录和政策版本复算 ${r.contracts} 份合同`);
    for (const c of r.counts) console.log(`  ${replayCountLine(c)}`);
    for (const n of r.notes) console.log(`说明:${n}`);
    for (const f of r.findings) console.log(`复算核验:不一致 — ${f}`);
    console.log(r.ok ? '复算核验:一致' : `复算核验:发现 ${r.findings.length} 项不一致`);
    return r.ok ? 0 : 1;
  },
  2,
  fail,
);

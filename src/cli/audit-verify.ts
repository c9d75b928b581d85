/**
 * `npm run audit:verify`: checks every hash chain of the audit trail.
 * Exit 0 when intact, 1 when tampering is found, 2 when the check could not run.
 */
import { verifyAudit } from '../audit/verify';
import { runCommand } from './run';

runCommand(
  'audit: verify',
  async (db) => {
    const r = await verifyAudit(db);
    if (r.ok) {
      console.log(`audit: OK, ${r.rows} rows in ${r.chains} chains`);
      return 0;
    }
    const { id, aggregateType, aggregateId, seq } = r.row;
    console.log(
      `audit: FAILED at row id=${id ?? 'none'} (${aggregateType}/${aggregateId} #${seq}): ${r.problem} — ${r.detail}`,
    );
    return 1;
  },
  2,
);

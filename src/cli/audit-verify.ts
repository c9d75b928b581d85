/**
 * `npm run audit:verify`: checks every hash chain of the audit trail.
 * Exit 0 when intact, 1 when tampering is found, 2 when the check could not run.
 */

import { verifyAudit } from '../audit/verify';
import { loadConfig } from '../config';
import { createDb } from '../db/client';

async function main(): Promise<number> {
  const config = loadConfig();
  const { db, sql } = createDb(config.databaseUrl, { max: 1 });
  try {
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
  } finally {
    await sql.end({ timeout: 5 });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`audit: could not verify: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  },
);

/**
 * `npm run audit:verify [-- --digest HEX] [--anchor-file PATH]`: checks the audit trail: every
 * hash chain (with AUDIT_KEY), the anchors outside the database, and the state rows that must have
 * audit rows. `--digest` is the digest of an anchor message discipline inspection received: the
 * anchor file must contain it. Exit 0 when intact, 1 when tampering is found, 2 when the check
 * could not run.
 */
import { parseArgs } from 'node:util';
import { trailLines, verifyTrail } from '../audit/trail';
import { loadConfig } from '../config';
import { runCommand } from './run';

const { values } = parseArgs({
  options: { digest: { type: 'string' }, 'anchor-file': { type: 'string' } },
  allowPositionals: false,
});
if (values.digest !== undefined && !/^[0-9a-f]{64}$/.test(values.digest)) {
  console.error('audit: verify failed: --digest must be the 64 hex digits of an anchor message');
  process.exit(2);
}
const file = values['anchor-file'] ?? loadConfig().audit.anchorFile;

runCommand(
  'audit: verify',
  async (db) => {
    const r = await verifyTrail(db, { file, digest: values.digest });
    for (const line of trailLines(r, file)) console.log(line);
    return r.ok ? 0 : 1;
  },
  2,
);

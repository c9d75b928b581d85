/**
 * `npm run audit:verify [-- --digest HEX] [--anchor-file PATH]`: checks the audit trail: every
 * hash chain (with AUDIT_KEY), the anchors outside the database, and the state rows that must have
 * audit rows. `--digest` is the digest of an anchor message discipline inspection received: the
 * anchor file must contain it. Exit 0 when intact, 1 when tampering is found, 2 when the check
 * could not run. It prints Chinese: its readers are auditors; the board's 审计核验 button runs the same.
 */
import { parseArgs } from 'node:util';
import { trailLines, verifyTrail } from '../audit/trail';
import { loadConfig } from '../config';
import { runCommand } from './run';

const fail = (why: string) => `审计核验:无法完成 — ${why}`;
let values: { digest?: string; 'anchor-file'?: string };
try {
  ({ values } = parseArgs({
    options: { digest: { type: 'string' }, 'anchor-file': { type: 'string' } },
    allowPositionals: false,
  }));
} catch {
  console.error(fail('用法:audit:verify [-- --digest 摘要] [--anchor-file 锚点文件]'));
  process.exit(2);
}
if (values.digest !== undefined && !/^[0-9a-f]{64}$/.test(values.digest)) {
  console.error(fail('--digest 应为锚点消息中的 64 位十六进制摘要'));
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
  fail,
);

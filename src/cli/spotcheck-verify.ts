/**
 * `npm run spotcheck:verify -- ID`: re-draws spot check ID from its record (seed, scope, the
 * population audited at the draw) and prints, in Chinese, whether it matches. Exit 0 on a match, 1
 * otherwise. The spot-check card's 验证抽样 button runs the same check.
 */
import { verdictLines, verifySpotCheck } from '../features/spot-checks/verify';
import { runCommand } from './run';

const arg = process.argv.slice(2).find((a) => a !== '--');
runCommand(
  'spotcheck:verify',
  async (db) => {
    if (!arg || !/^\d{1,15}$/.test(arg)) {
      console.error('用法:spotcheck:verify -- 抽查编号');
      return 1;
    }
    const v = await verifySpotCheck(db, Number(arg));
    for (const line of verdictLines(v)) console.log(line);
    return v.ok ? 0 : 1;
  },
  1,
  (why) => `抽样验证:无法完成 — ${why}`,
);

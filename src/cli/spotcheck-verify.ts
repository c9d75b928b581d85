/**
 * `npm run spotcheck:verify -- ID`: re-draws spot check ID from its record (seed, scope, the
 * population audited at the draw) and prints whether it matches. Exit 0 on a match, 1 otherwise.
 */
import { verifySpotCheck } from '../features/spot-checks/verify';
import { runCommand } from './run';

const arg = process.argv.slice(2).find((a) => a !== '--');
runCommand('spotcheck:verify', async (db) => {
  if (!arg || !/^\d{1,15}$/.test(arg)) {
    console.error('usage: npm run spotcheck:verify -- ID');
    return 1;
  }
  const v = await verifySpotCheck(db, Number(arg));
  for (const line of v.lines) console.log(line);
  return v.ok ? 0 : 1;
});

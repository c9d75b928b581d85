import { benchApproval } from './approval';
import { benchCallback } from './callback';
import { benchExport } from './export';
import { benchFanout } from './fanout';
import { benchFootprint } from './footprint';
import { benchLists } from './lists';
import { benchMonthEnd } from './month-end';
import { benchMonthEndGroups } from './month-end-groups';
import { stopLiveStacks } from './processes';
import { benchReplay } from './replay';
import { benchSettlementAudit } from './settlement-audit';
import { benchSoak } from './soak';
import { benchSpotcheck } from './spotcheck';
import { benchSurvey } from './survey';
import { benchThreshold } from './threshold';

/** `npm run bench [-- name ...]`: one `BENCH name key=value ...` line per benchmark. */
const all: Record<string, () => Promise<string>> = {
  callback: () => benchCallback(),
  fanout: () => benchFanout(),
  approval: () => benchApproval(),
  month_end: () => benchMonthEnd(),
  month_end_groups: () => benchMonthEndGroups(),
  threshold: () => benchThreshold(),
  settlement_audit: () => benchSettlementAudit(),
  spotcheck: () => benchSpotcheck(),
  soak: () => benchSoak(),
  footprint: () => benchFootprint(),
  export: () => benchExport(),
  replay: () => benchReplay(),
  survey: () => benchSurvey(),
  lists: () => benchLists(),
};
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const name of wanted.length ? wanted : Object.keys(all)) {
  const run = all[name];
  if (!run) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(all).join(', ')}`);
  try {
    console.log(await run());
  } catch (err) {
    console.error(err);
    await stopLiveStacks();
    process.exit(1);
  }
}
process.exit(0);

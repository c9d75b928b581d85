import type { Db } from '../db/client';
import { contractNumber } from '../domain/contract-format';
import { formatYuan } from '../domain/money';
import { runYearEnd } from '../features/bans/year-end';
import type { Sandbox } from '../sandbox';
import { importLastYearsContract, QUARTER_FEN, SIGNED_ON, YEAR } from './demo-year-import';
import { yearSummary } from './demo-year-summary';
import { describeToast } from './render';
import { Transcript } from './transcript';

/** Management scores for a final of 100 × 60% + management × 40% (no daily deductions). */
const MONTHS: [string, string, string][] = [
  ['01', '75', '90.0'],
  ['02', '70', '88.0'],
  ['03', '47.5', '79.0'],
  ['04', '50', '80.0'],
  ['05', '40', '76.0'],
  ['06', '45', '78.0'],
  ['07', '80', '92.0'],
  ['08', '62.5', '85.0'],
  ['09', '60', '84.0'],
  ['10', '55', '82.0'],
  ['11', '75', '90.0'],
  ['12', '70', '88.0'],
];

/**
 * Scene: a whole year of one contract through the cards: two months below 80 in a row, the
 * warnings, the termination-right card and the leader's decision, the quarterly deductions, the
 * year-end average and ban, and the zone's savings total, summed up at the end.
 */
export async function playYear(
  sb: Sandbox,
  print: (line: string) => void,
  deps: { db: Db; enqueueOutbox(ids: string[]): Promise<void> },
): Promise<number> {
  const t = new Transcript(sb, print);
  const id = (name: string) => sb.users().find((u) => u.name === name)!.openId;
  const contractId = await importLastYearsContract(deps.db);
  t.note(
    `导入上年度合同 ${contractNumber({ id: contractId, signedOn: SIGNED_ON })}:资产经营公司办公区保洁,${YEAR}-01-01 至 ${YEAR}-12-31,每季度 ${formatYuan(QUARTER_FEN)}`,
  );

  for (const [m, management, final] of MONTHS) {
    const month = `${YEAR}-${m}`;
    const before = new Set(sb.inbox(id('张伟')).map((x) => x.messageId));
    await sb.say(id('张伟'), '菜单');
    const menu = await sb.waitFor(() =>
      sb
        .inbox(id('张伟'))
        .find(
          (x) =>
            x.sender === 'bot' &&
            !before.has(x.messageId) &&
            JSON.stringify(x.content).includes('政府购买服务监管助手'),
        ),
    );
    await sb.click(id('张伟'), menu, '月度考核');
    await sb.click(id('张伟'), menu, { a: 'score.form', contract: contractId, month });
    await sb.click(id('张伟'), menu, '预览得分', { management });
    const done = await sb.click(id('张伟'), menu, '确认提交');
    print(
      `\n[张伟] 录入 ${month} 考核:管理考核 ${management} 分 → 最终得分 ${final} 分${describeToast(done.toast, ' ') ?? ''}`,
    );
    await t.settle('王建国', 800);
    if (m === '06') {
      t.note('清退权产生:分管领导在决策卡片上选择继续履约(须填写理由)');
      const card = await sb.waitFor(() =>
        sb.inbox(id('王建国')).find((x) => JSON.stringify(x.content).includes('清退决策 · ')),
      );
      await t.settle('王建国', 300);
      const reason = { reason: '供应商已提交整改方案并更换项目经理,继续观察' };
      await t.click('王建国', '继续履约', reason, ['张伟'], card);
    }
  }

  t.note('财政部门逐季确认结算:按档扣减,扣减额自动记入节约资金');
  await t.say('孙丽', '菜单');
  await t.click('孙丽', '结算审核');
  await t.click('孙丽', { a: 'settlement.show', contract: contractId });
  for (const q of ['第一季度', '第二季度', '第三季度', '第四季度']) await t.click('孙丽', `确认「${q}」结算`);

  t.note(`年终:计算${YEAR}年度月均得分,低于85分的次年禁止投标,通知单位领导班子`);
  const yearEnd = await runYearEnd(deps.db, YEAR, { enqueueOutbox: deps.enqueueOutbox });
  print(`  年终任务:评估合同 ${yearEnd.contracts} 份,新增禁投 ${yearEnd.bans} 条,通知 ${yearEnd.told} 人`);
  await t.settle('李秀英');

  t.note('全园区节约资金');
  await t.say('孙丽', '菜单');
  await t.click('孙丽', '节约资金');
  await t.click('孙丽', `${YEAR}年度`);

  for (const line of await yearSummary(deps.db, contractId)) print(line);
  return contractId;
}

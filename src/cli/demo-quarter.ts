import type { Db } from '../db/client';
import { contractNumber } from '../domain/contract-format';
import { chaseRectificationItems } from '../features/inspections/chase';
import { runSurveyRounds } from '../features/surveys/rounds';
import type { MessageView, Sandbox } from '../sandbox';
import type { StoryClock } from './demo-date';
import { importQuarterlyContract, QUARTERLY_SIGNED_ON, SURVEY_RECIPIENTS } from './demo-quarter-import';
import { quarterSummary } from './demo-quarter-summary';
import { describeToast } from './render';
import { Transcript } from './transcript';

/** Every rating of an answer, by the cleaning dimensions' order (环境整洁, 清扫及时, 服务态度, 问题响应). */
const rated = (r: [number, number, number, number], comment = '') => ({
  r_cleanliness: String(r[0]),
  r_timeliness: String(r[1]),
  r_attitude: String(r[2]),
  r_response: String(r[3]),
  ...(comment ? { survey_comment: comment } : {}),
});
/** 2026年第4季度: four answers, one fewer than policy v4's minimum of five: 样本不足. */
const Q4_ANSWERS: [string, ReturnType<typeof rated>][] = [
  ['孙丽', rated([4, 4, 5, 4])],
  ['何静', rated([4, 3, 4, 4], '卫生间保洁及时')],
  ['马骏', rated([5, 4, 4, 4])],
  ['冯蕾', rated([4, 4, 4, 3])],
];
/** 2027年第1季度: five answers (the minimum), 48 over 20 ratings: mean 2.40, 48.0 points. */
const Q1_ANSWERS: [string, ReturnType<typeof rated>][] = [
  ['周国平', rated([2, 2, 3, 3], '卫生间异味明显,垃圾清运不及时')],
  ['吴晓东', rated([2, 2, 3, 3])],
  ['孙丽', rated([2, 2, 3, 3])],
  ['何静', rated([2, 2, 3, 3], '会议室经常未打扫')],
  ['马骏', rated([2, 2, 2, 2])],
];
const FINDING = '10月15日早班缺岗1人,需补足保洁人员';

/**
 * Scene: a running contract scored by QUARTER with a satisfaction survey. The survey job
 * opens 2026年第4季度's round and sends each named recipient a card; four answer (样本不足, not
 * counted), the others are chased once. The assessor scores the quarter's three months in December's
 * window with one management score, raises October's daily deduction as a rectification item, which
 * its owner closes after the deadline. 2027年第1季度's round gets five answers (counted) rating the
 * service far below its score, and the discipline board asks the inspector to look. Jobs the
 * schedulers run daily are run directly on the story's dates, as the loop-closing scene does.
 */
export async function playQuarter(
  sb: Sandbox,
  print: (line: string) => void,
  deps: { db: Db; enqueueOutbox(ids: string[]): Promise<void>; now(): Date },
  at: StoryClock,
): Promise<number> {
  // A fresh transcript would show every earlier message as new: absorb them silently first.
  let quiet = true;
  const t = new Transcript(sb, (l) => {
    if (!quiet) print(l);
  });
  for (const name of ['张伟', '李秀英', '王建国', '郑毅', ...SURVEY_RECIPIENTS]) await t.settle(name, 1);
  quiet = false;
  const id = (name: string) => sb.users().find((u) => u.name === name)!.openId;
  const cardOf = (name: string, ...has: string[]) =>
    sb.waitFor(() =>
      sb
        .inbox(id(name))
        .find((m) => m.sender === 'bot' && has.every((s) => JSON.stringify(m.content).includes(s))),
    );
  const contractId = await importQuarterlyContract(deps.db);
  const no = contractNumber({ id: contractId, signedOn: QUARTERLY_SIGNED_ON });
  t.note(
    `导入在履行合同 ${no}:管委会办公楼保洁,2026-10-01 至 2027-09-30,管理考核按季度,满意度测评对象为办公楼工作人员 ${SURVEY_RECIPIENTS.length} 人`,
  );

  const surveyJob = async (what: string) => {
    const r = await runSurveyRounds(deps.db, deps.now(), deps);
    print(`  满意度测评任务(${what}):开启 ${r.opened} 轮,发出问卷 ${r.invited} 份,提醒 ${r.chased} 人`);
  };
  const answer = async (period: string, answers: typeof Q4_ANSWERS) => {
    for (const [i, [name, form]] of answers.entries()) {
      const card = await cardOf(name, '满意度测评', period);
      // The first answer is shown in full; the others in one line each (the same card, other ratings).
      quiet = i > 0;
      const res = await t.click(name, '提交', form, [], card);
      quiet = false;
      if (i > 0) print(`\n[${name}] 填写并提交问卷${describeToast(res.toast, ' ') ?? ''}`);
    }
  };
  const score = async (month: string, form: Record<string, string>) => {
    await t.say('张伟', '菜单');
    await t.click('张伟', '月度考核');
    await t.click('张伟', { a: 'score.form', contract: contractId, month });
    await t.click('张伟', '预览得分', form);
    await t.click('张伟', '确认提交');
  };

  at('2026-12-15T09:00:00+08:00');
  t.note('2026-12-15 满意度测评开始(每日任务,演示中直接运行):2026年第4季度问卷私聊发给每位服务对象');
  await surveyJob('2026-12-15');
  await t.settle('孙丽');
  t.note('4 位服务对象填写问卷(匿名:考核人和服务单位只看到份数、均分和意见)');
  await answer('2026年第4季度', Q4_ANSWERS);
  at('2026-12-22T09:00:00+08:00');
  t.note('2026-12-22 截止前提醒一次尚未填写的服务对象');
  await surveyJob('2026-12-22');
  await t.settle('周国平');

  at('2026-12-28T10:00:00+08:00');
  t.note(
    '2026-12-28 第4季度考核窗口:测评仅 4 份答卷,少于最低 5 份,显示样本不足、不计入;管理考核本季度录入一次,适用于10至12月',
  );
  await score('2026-10', { d_staffing: '2', n_staffing: '10月15日早班缺岗1人', management: '90' });
  t.note('考核人将10月日常考核扣分问题转为整改事项,交李秀英限期整改');
  await t.click('张伟', { a: 'daily.form', item: 'staffing' });
  await t.click(
    '张伟',
    '转为整改',
    { problem: FINDING, problem_owner: id('李秀英'), problem_due: '2026-12-30 +0800' },
    ['李秀英'],
  );
  await score('2026-11', {});
  await score('2026-12', {});

  at('2026-12-31T09:00:00+08:00');
  t.note('2026-12-31(演示中直接运行整改催办任务):整改期限已过,催办责任人并督办分管领导');
  const chased = await chaseRectificationItems(deps.db, deps.now(), deps);
  print(`  催办任务:检查 ${chased.checked} 项,催办 ${chased.reminded} 项,督办 ${chased.escalated} 项`);
  await t.settle('李秀英');
  await t.settle('王建国');

  at('2027-01-06T10:00:00+08:00');
  t.note('2027-01-06 李秀英逾期提交整改说明,考核人确认销号(逾期销号)');
  const item: MessageView = await cardOf('李秀英', '整改事项', FINDING);
  await t.click('李秀英', '提交整改', { evidence: '已补足早班保洁人员并排班公示' }, ['张伟'], item);
  const toConfirm = await cardOf('张伟', '整改事项', FINDING, '待考核人确认');
  await t.click('张伟', '确认销号', { reason: '' }, ['李秀英'], toConfirm);

  at('2027-03-15T09:00:00+08:00');
  t.note('2027-03-15 2027年第1季度满意度测评开始');
  await surveyJob('2027-03-15');
  t.note('5 位服务对象填写问卷,评价明显偏低');
  await answer('2027年第1季度', Q1_ANSWERS);

  at('2027-03-26T10:00:00+08:00');
  t.note('2027-03-26 第1季度考核窗口:测评 5 份答卷,达到最低份数,按政策计入管理考核');
  await score('2027-01', { management: '95' });
  await score('2027-02', {});
  await score('2027-03', {});

  t.note('纪检监察看板:满意度明显低于考核分(提请核实,不是扣分规则)');
  await t.say('郑毅', '看板');
  await t.click('郑毅', { a: 'board.detail', key: 'satisfaction' });

  for (const line of await quarterSummary(deps.db, contractId, deps.now())) print(line);
  return contractId;
}

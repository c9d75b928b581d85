import { createHash } from 'node:crypto';
import { asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { contracts, spotCheckSamples, spotChecks, units } from '../db/schema';
import { addWorkingDays, shanghaiDate } from '../domain/calendar';
import { contractNumber } from '../domain/contract-format';
import { formatTenths } from '../domain/score';
import { chaseRectificationItems } from '../features/inspections/chase';
import type { Sandbox } from '../sandbox';
import { scenePhoto } from './demo-photo';
import { YEAR } from './demo-year-import';
import { describeMessage, describeToast } from './render';
import { Transcript } from './transcript';

/** How much lower the checker scores the sampled month: above policy v3's tolerance of 5.0 points. */
const GAP_TENTHS = 60;
const DEDUCT_TENTHS = 30;

/**
 * Scene: closing the loop on last year's contract (rules 12 to 14). Finance samples the year's
 * assessments and finds one scored too generously (flagged to the unit leadership and discipline
 * inspection); the inspection team records two findings, one closed with a photo, the other left
 * open, chased and escalated; finance reads the settlement audit and its risks.
 */
export async function playLoopClosing(
  sb: Sandbox,
  print: (line: string) => void,
  deps: { db: Db; enqueueOutbox(ids: string[]): Promise<void>; contractId: number; now(): Date },
) {
  // A fresh transcript would show every earlier message as new: absorb them silently first.
  let quiet = true;
  const t = new Transcript(sb, (l) => {
    if (!quiet) print(l);
  });
  const people = ['孙丽', '郑毅', '王建国', '李秀英', '张伟', '何静'];
  for (const name of people) await t.settle(name, 1);
  quiet = false;
  const id = (name: string) => sb.users().find((u) => u.name === name)!.openId;
  /** A click whose form names people: the transcript says it in words instead of open_ids. */
  const clickSaying = async (
    name: string,
    button: string | Record<string, unknown>,
    said: string,
    form?: Record<string, unknown>,
  ) => {
    print(`\n[${name}] ${said}`);
    const card = sb.lastCard(id(name))!;
    const res = await sb.click(id(name), card, button, form);
    const toast = describeToast(res.toast);
    if (toast) print(toast);
    if (res.card) {
      const m = sb.message(card.messageId)!;
      print(`  → 卡片(已更新):\n${describeMessage(m, '     ', { nameOf: t.nameOf }).text}`);
    }
    quiet = true;
    await t.settle(name, 1);
    quiet = false;
    return res;
  };
  const [contract] = await deps.db.select().from(contracts).where(eq(contracts.id, deps.contractId));
  const [unit] = await deps.db.select().from(units).where(eq(units.id, contract!.unitId));
  const no = contractNumber(contract!);

  t.note(`抽查:财政部门从${YEAR}年度保洁考核中随机抽取 4 条,独立评分`);
  await t.say('孙丽', '菜单');
  await t.click('孙丽', '抽查');
  await t.click('孙丽', '确认范围', {
    units: [String(unit!.id)],
    categories: [contract!.category],
    from_month: `${YEAR}-01`,
    to_month: `${YEAR}-12`,
    size: '4',
  });
  await t.click('孙丽', '抽取');
  const [check] = await deps.db.select().from(spotChecks).orderBy(desc(spotChecks.id)).limit(1);
  const samples = await deps.db
    .select()
    .from(spotCheckSamples)
    .where(eq(spotCheckSamples.spotCheckId, check!.id))
    .orderBy(asc(spotCheckSamples.drawKey));
  // The draw is random. Lowering a month by the gap must not add a month below 80 (it would open
  // a termination right on a finished contract): score the first sample already below 80 or at 86
  // and above; in the rare draw without one, the checker finds the assessor too strict instead.
  const safe = samples.find((s) => s.assessorFinalTenths < 800 || s.assessorFinalTenths - GAP_TENTHS >= 800);
  const pick = safe ?? samples[0]!;
  const direction = safe ? -1 : 1;
  const item = contract!.rubric[0]!;
  const deduct = direction < 0 ? Math.min(DEDUCT_TENTHS, item.maxDeductTenths) : 0;
  // final = daily × 60% + management × 40% (half up), with daily = 100 − the deduction: the
  // smallest management score giving the target, so the gap is 5.9 or 6.0 points.
  const target = Math.min(1000, pick.assessorFinalTenths + direction * GAP_TENTHS);
  const management = Math.min(1000, Math.max(0, Math.ceil((5 * (target - ((1000 - deduct) * 3) / 5)) / 2)));
  t.note(`孙丽对抽中的 ${pick.month} 独立评分(录入前看不到考核人评分)`);
  await clickSaying(
    '孙丽',
    { a: 'spotcheck.form', check: check!.id, score: pick.scoreId },
    `点击 ${pick.month} 样本的「录入抽查评分」`,
  );
  await t.click(
    '孙丽',
    '提交抽查评分',
    {
      ...(deduct
        ? {
            [`d_${item.key}`]: formatTenths(deduct),
            [`n_${item.key}`]: '现场抽看三个楼层,卫生间及楼道多处保洁不到位',
          }
        : {}),
      management: formatTenths(management),
      notes:
        direction < 0 ? '现场核查作业记录与保洁效果,与考核记录不符' : '管理台账齐全,考核人漏计已整改事项',
      evidence: '现场照片 6 张、保洁作业签到表复印件',
    },
    ['郑毅', '王建国', '李秀英', '张伟'],
  );

  await playInspection(sb, print, t, clickSaying, { ...deps, no });

  t.note('结算审计:财政部门从合同结算卡片打开结算审计,逐项列出风险及其依据');
  await t.say('孙丽', '菜单');
  await t.click('孙丽', '结算审核');
  await clickSaying(
    '孙丽',
    { a: 'settlement.show', contract: deps.contractId },
    `点击合同 ${no} 的「查看结算」`,
  );
  await t.click('孙丽', '结算审计');
}

type ClickSaying = (
  name: string,
  button: string | Record<string, unknown>,
  said: string,
  form?: Record<string, unknown>,
) => Promise<unknown>;

async function playInspection(
  sb: Sandbox,
  print: (line: string) => void,
  t: Transcript,
  clickSaying: ClickSaying,
  deps: { db: Db; enqueueOutbox(ids: string[]): Promise<void>; contractId: number; no: string; now(): Date },
) {
  const no = deps.no;
  const id = (name: string) => sb.users().find((u) => u.name === name)!.openId;
  const today = shanghaiDate(deps.now());
  const dueA = addWorkingDays(today, 5);
  const dueB = addWorkingDays(today, 3);
  // The order of dates: an inspection lies within the service. Last year's contract has ended, so
  // its inspection is dated on the term's last day (the deadlines still run from today).
  const [term] = await deps.db
    .select({ endsOn: contracts.endsOn })
    .from(contracts)
    .where(eq(contracts.id, deps.contractId));
  const inspectedOn = term && term.endsOn < today ? term.endsOn : today;
  t.note('专项督查:督查小组现场检查保洁合同,发现两个问题,交办单位整改');
  await t.say('何静', '菜单');
  await t.click('何静', '专项督查');
  await clickSaying(
    '何静',
    { a: 'inspection.form', contract: deps.contractId },
    `点击合同 ${no} 的「登记督查」`,
  );
  await clickSaying(
    '何静',
    '登记督查',
    `点击「登记督查」填写:督查日期 ${inspectedOn};参加人员 何静、郑毅;督查内容 保洁作业现场、人员在岗及台账;问题1 楼道垃圾未及时清运(责任人 李秀英,${dueA} 前,较重);问题2 作业人员未按规定着装(责任人 张伟,${dueB} 前,一般)`,
    {
      inspected_on: `${inspectedOn} +0800`,
      participants: '何静、郑毅',
      checked: '保洁作业现场、人员在岗及台账',
      finding_1: '楼道垃圾未及时清运',
      owner_1: id('李秀英'),
      due_1: `${dueA} +0800`,
      severity_1: 'major',
      finding_2: '作业人员未按规定着装',
      owner_2: id('张伟'),
      due_2: `${dueB} +0800`,
      severity_2: 'minor',
    },
  );
  await t.settle('李秀英');
  await t.settle('张伟');

  t.note('李秀英整改完毕,私聊机器人发送现场照片并附加到整改事项,提交整改说明');
  const photo = scenePhoto();
  print(
    `\n[李秀英] 发送图片(现场照片,${photo.length} 字节,SHA-256 ${createHash('sha256').update(photo).digest('hex').slice(0, 12)}…)`,
  );
  await sb.sendImage(id('李秀英'), photo);
  const [offer] = await t.settle('李秀英', 3000);
  await t.click('李秀英', '附加到此整改事项', undefined, [], offer);
  await t.click(
    '李秀英',
    '提交整改',
    { evidence: '垃圾已全部清运,增设午间清运班次,见现场照片' },
    ['何静'],
    sb.message(offer!.messageId),
  );
  await t.click('何静', '确认销号', undefined, ['李秀英']);

  t.note('督查小组查看督查问题整改情况报告:一项已销号,一项整改中');
  await t.say('何静', '菜单');
  await t.click('何静', '专项督查');
  await clickSaying(
    '何静',
    { a: 'rectification.report', contract: deps.contractId },
    `点击合同 ${no} 的「整改情况报告」`,
  );

  const chaseDay = addWorkingDays(dueB, 2);
  t.note(`${chaseDay}(演示中直接运行整改催办任务):张伟的事项逾期未整改,催办责任人并督办分管领导`);
  const chased = await chaseRectificationItems(deps.db, new Date(`${chaseDay}T09:00:00+08:00`), deps);
  print(`  催办任务:检查 ${chased.checked} 项,催办 ${chased.reminded} 项,督办 ${chased.escalated} 项`);
  await t.settle('张伟');
  await t.settle('王建国');
}

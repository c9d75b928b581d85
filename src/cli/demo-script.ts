import type { Sandbox } from '../sandbox';
import { optionOf } from './card-options';
import type { StoryClock } from './demo-date';
import { Transcript } from './transcript';

/** The scripted conversation of `npm run demo`. Later features add their scenes here. */
export async function playDemo(sb: Sandbox, print: (line: string) => void) {
  const t = new Transcript(sb, print);

  t.note('经办人打开主菜单');
  await t.say('张伟', '你好');
  await t.click('张伟', '我的角色');
  await t.click('张伟', '使用帮助');
  await t.click('张伟', '返回主菜单');

  t.note('管理员在聊天中授予、撤销角色(每次变更记入审计日志)');
  await t.say('马骏', '菜单');
  await t.click('马骏', '角色管理');
  const zhangWei = sb.users().find((u) => u.name === '张伟')!.openId;
  await t.click('马骏', '授予', { person: zhangWei, role: 'inspection', scope: 'zone' }, ['张伟']);
  await t.click('马骏', '授予', { person: zhangWei, role: 'inspection', scope: 'zone' });
  await t.click('马骏', '撤销', { person: zhangWei, role: 'inspection', scope: 'zone' }, ['张伟']);

  t.note('机器人被拉进项目群');
  sb.addChat({ chatId: 'oc_demo_cleaning', name: '保洁项目工作群', members: [zhangWei], botIsMember: true });
  await sb.addBotToChat('oc_demo_cleaning', zhangWei);
  await t.settle('张伟');
}

/**
 * Scene: one purchase below and one at the committee threshold, through filing and approval, in
 * August 2026: each meeting on a day after the filing, and the committee's after the leadership's.
 */
export async function playPurchases(sb: Sandbox, print: (line: string) => void, at: StoryClock) {
  const t = new Transcript(sb, print);
  const id = (name: string) => sb.users().find((u) => u.name === name)!.openId;
  // The category is the line's (rule 1): the filer picks the line, not a category.
  const file = async (lineText: string, description: string, amount: string) => {
    await t.say('张伟', '菜单');
    await t.click('张伟', '发起采购');
    const line = optionOf(sb.lastCard(id('张伟'))!.content, 'line', lineText);
    await t.click('张伟', '下一步', { line, description });
    await t.click('张伟', '下一步', {
      why: '本单位无专职人员,外包更专业并可规避用工风险',
      suppliers: '3',
      price_low: '15万',
      price_high: '25万',
    });
    await t.click('张伟', '下一步', { amount, method: 'open_tender' });
    await t.click('张伟', '下一步', {
      leader: id('王建国'),
      department: id('李秀英'),
      assessors: [id('张伟')],
    });
    await t.click('张伟', '提交审批', undefined, ['王建国', '李秀英']);
  };

  t.note('经办人发起采购(20万元以下):单位领导班子集体决策');
  at('2026-08-03T09:00:00+08:00');
  await file('园区安保', '园区夜间巡逻安保服务', '199,999.99');
  at('2026-08-05T10:00:00+08:00');
  await t.click('王建国', '同意', { meeting_date: '2026-08-05', minutes_no: '2026-第12次' }, [
    '李秀英',
    '张伟',
  ]);

  t.note('经办人发起采购(20万元及以上):领导班子集体决策后报党工委管委会审批');
  await file('园区公共区域保洁', '园区公共区域日常保洁服务', '20万元');
  at('2026-08-06T10:00:00+08:00');
  await t.click('李秀英', '同意', { meeting_date: '2026-08-06', minutes_no: '2026-第13次' }, [
    '王建国',
    '张伟',
    '周国平',
    '吴晓东',
  ]);
  await t.click('周国平', '驳回', { reason: '' });
  at('2026-08-10T10:00:00+08:00');
  await t.click('吴晓东', '同意', { meeting_date: '2026-08-10', minutes_no: '管委会2026-第8次' }, [
    '周国平',
    '张伟',
  ]);

  t.note('审批人查看我的待办');
  await t.say('周国平', '菜单');
  await t.click('周国平', '我的待办');
}

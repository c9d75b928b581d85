import type { Sandbox } from '../sandbox';
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

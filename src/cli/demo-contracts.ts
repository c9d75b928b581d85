import type { Sandbox } from '../sandbox';
import { optionOf } from './card-options';
import { DEMO_STORY_NOW, type StoryClock } from './demo-date';
import { Transcript } from './transcript';

/**
 * Scene: the approved security purchase of `playPurchases` gets its vendor, procurement record and
 * contract, and the assessor scores its first months through the cards: awarded after the approval
 * (08-05), signed before the term starts, each month scored in its window. It ends on the story's
 * date (DEMO_STORY_NOW), where the later scenes play.
 */
export async function playContracts(sb: Sandbox, print: (line: string) => void, at: StoryClock) {
  const t = new Transcript(sb, print);
  const id = (name: string) => sb.users().find((u) => u.name === name)!.openId;
  const card = (name: string) => sb.lastCard(id(name))!.content;

  at('2026-08-20T10:00:00+08:00');
  t.note('经办人登记中标供应商(统一社会信用代码自动校验)');
  await t.say('张伟', '菜单');
  await t.click('张伟', '供应商');
  await t.click('张伟', '登记供应商', {
    vendor_name: '昆山市安泰保安服务有限公司',
    uscc: '91320583MA1X0B7A31',
    contact_name: '钱经理',
    contact_phone: '13912345678',
  });
  await t.click('张伟', '登记供应商', {
    vendor_name: '昆山市安泰保安服务有限公司',
    uscc: '91320583MA1X0B7A30',
    contact_name: '钱经理',
    contact_phone: '13912345678',
  });

  t.note('经办人登记采购结果(竞争性磋商,苏州市公共资源交易平台)');
  await t.say('张伟', '菜单');
  await t.click('张伟', '采购与合同');
  await t.click('张伟', { a: 'procurement.form', request: 1 });
  await t.click('张伟', '确认登记', {
    method: 'competitive_consultation',
    platform: '苏州市公共资源交易平台',
    reference_no: 'KSCG-2026-0815',
    bidders: '3',
    award_date: '2026-08-20',
    vendor: optionOf(card('张伟'), 'vendor', '安泰'),
    price: '19.5万',
  });

  at('2026-08-25T10:00:00+08:00');
  t.note('经办人签订合同:条款取值自当前政策版本,签订后不随政策变化');
  await t.click('张伟', '签订合同');
  const contractForm = {
    amount: '19.5万',
    starts_on: '2026-09-01',
    ends_on: '2027-08-31',
    schedule: ['第一期,2026-12-31,65000', '第二期,2027-04-30,65000', '第三期,2027-08-31,65000'].join('\n'),
    targets: '24小时门岗值守,夜间每2小时巡逻一次,突发事件10分钟内到场',
  };
  await t.click('张伟', '检查并预览', contractForm);
  t.note('法务审核:合同草案(金额、期限、付款计划、考核细则、条款)送法务审核,外部法律顾问出具意见后方可签订');
  await t.click('张伟', '提交法务审核', undefined, ['冯蕾']);
  await t.click('冯蕾', '通过', { counsel_opinion: '合同条款符合政府购买服务管理规定,同意签订' }, ['张伟']);
  await t.click('张伟', '去签订合同');
  await t.click('张伟', '检查并预览');
  await t.click('张伟', '确认签订', undefined, ['王建国']);

  t.note('考核人录入月度双线考核(日常考核按细则扣分,管理考核打分)');
  const score = async (month: string, form: Record<string, string>) => {
    await t.say('张伟', '菜单');
    await t.click('张伟', '月度考核');
    await t.click('张伟', `${month} 录入`);
    await t.click('张伟', '预览得分', form);
    await t.click('张伟', '确认提交');
  };
  at('2026-09-28T10:00:00+08:00');
  await score('2026-09', { d_patrol: '2', n_patrol: '9月12日夜间巡逻漏签2次', management: '92' });
  at('2026-10-28T10:00:00+08:00');
  await score('2026-10', { management: '95' });
  at(DEMO_STORY_NOW);
}

/**
 * 催办 from the filer on the request's own card (issue 25, point 1): one reminder card to each holder
 * of the stage pending now, with the way to the approval; a double click sends it once and answers
 * green twice; a second 催办 the same working day is refused, the next working day it is sent again;
 * on a day off nothing is sent and the answer names the next working day; another filer's forged
 * click is refused and writes nothing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forgeCardCallback, titleOf } from '../helpers/cards';
import { testClock } from '../helpers/clock';
import { type Harness, startHarness } from '../helpers/harness';
import { addLine, fileThroughCards, requestIdOf } from '../helpers/purchase';
import { openRequestCard, shown, toastOf } from '../helpers/request-card';

// A working Monday; Tuesday is the next working day, Saturday a day off (the public calendar).
const MONDAY = '2026-12-07T10:00:00+08:00';
const clock = testClock(MONDAY);
let h: Harness;
let p: (name: string) => string;
beforeAll(async () => {
  h = await startHarness({ now: clock });
  p = h.person;
});
afterAll(() => h?.stop());

let id = 0;
let stage = 0;
const remindValue = () => ({ a: 'purchase.remind', request: id, stage });

/** The reminder cards `who` got for the request. */
const remindersTo = (who: string) => h.sb.inbox(p(who)).filter((m) => titleOf(m) === `催办:采购申请 #${id}`);

async function written() {
  const [r] = await h.sql`select
    (select count(*)::int from stage_reminders where stage_id = ${stage}) as reminders,
    (select count(*)::int from audit_log where action = 'purchase.reminded') as audits,
    (select count(*)::int from outbox) as outbox`;
  return r!;
}

const sentToast = { type: 'success', content: '已向「单位领导班子集体决策」审批人 王建国、李秀英 发送催办' };

it('a double click sends one reminder to each holder and answers green twice', async () => {
  const line = await addLine(h, 'asset', 50_000_000n, 'cleaning', h.now());
  const res = await fileThroughCards(h, p('张伟'), {
    line: line.id,
    amount: '8万',
    leader: p('王建国'),
    department: p('李秀英'),
    assessors: [p('张伟')],
  });
  id = requestIdOf(res.toast);
  const [s] = await h.sql`select id::int from approval_stages where request_id = ${id}`;
  stage = s!.id;
  const card = await openRequestCard(h, p('张伟'), id);
  expect(shown(card)).toContain('当前环节');
  expect(shown(card)).toContain('王建国、李秀英');
  const [first, second] = await Promise.all([
    h.sb.click(p('张伟'), card, '催办'),
    forgeCardCallback(h, p('张伟'), card.messageId, remindValue(), {}),
  ]);
  expect(toastOf(first)).toEqual(sentToast);
  expect(second.toast).toEqual(first.toast);
  expect(await written()).toMatchObject({ reminders: 1, audits: 1 });
  for (const who of ['王建国', '李秀英']) {
    await h.sb.waitFor(() => remindersTo(who).length === 1 || undefined);
    expect(shown(remindersTo(who)[0])).toContain('园区公共区域日常保洁服务');
  }
  // The reminder's button opens the approval card for the holder.
  const opened = await h.sb.click(p('王建国'), remindersTo('王建国')[0]!, '打开审批');
  expect(JSON.stringify(opened.card)).toContain(`采购审批 #${id}`);
  // The filer's card says it was sent today, with no 催办 button, and the timeline records it.
  const now = shown(h.sb.message(card.messageId));
  expect(now).toContain('今天 10:00 已催办本环节');
  expect(now).toContain('张伟:催办「单位领导班子集体决策」');
}, 60_000);

it('a second 催办 the same working day is refused and sends nothing', async () => {
  clock.set('2026-12-07T15:30:00+08:00');
  const card = await openRequestCard(h, p('张伟'), id);
  expect(shown(card)).not.toContain('"催办"');
  const before = await written();
  // An older card still carries the button: the click is refused, with the time of the first.
  const again = await forgeCardCallback(h, p('张伟'), card.messageId, remindValue(), {});
  expect(toastOf(again)).toEqual({
    type: 'error',
    content:
      '今天 10:00 已催办过「单位领导班子集体决策」,每个环节每个工作日只能催办一次;请于 2026-12-08 再催办',
  });
  expect(await written()).toEqual(before);
  expect(remindersTo('李秀英')).toHaveLength(1);
}, 60_000);

it("another filer's forged 催办 is refused and writes nothing", async () => {
  clock.set('2026-12-08T09:00:00+08:00');
  const before = await written();
  const card = h.sb.inbox(p('张伟')).findLast((m) => titleOf(m) === `采购申请 #${id}`)!;
  const forged = await forgeCardCallback(h, p('刘芳'), card.messageId, remindValue(), {});
  expect(toastOf(forged)?.type).toBe('error');
  expect(JSON.stringify(forged)).not.toContain('发送催办');
  expect(await written()).toEqual(before);
}, 60_000);

it('the next working day it is sent again; on a day off nothing is sent and the next working day is named', async () => {
  clock.set('2026-12-08T09:00:00+08:00');
  const card = await openRequestCard(h, p('张伟'), id);
  const sent = await h.sb.click(p('张伟'), card, '催办');
  expect(toastOf(sent)).toEqual(sentToast);
  expect(await written()).toMatchObject({ reminders: 2, audits: 2 });
  await h.sb.waitFor(() => remindersTo('李秀英').length === 2 || undefined);

  clock.set('2026-12-12T10:00:00+08:00'); // Saturday
  const saturday = await openRequestCard(h, p('张伟'), id);
  const before = await written();
  const refused = await h.sb.click(p('张伟'), saturday, '催办');
  expect(toastOf(refused)).toEqual({
    type: 'error',
    content: '今天(2026-12-12)不是工作日,不发送催办;请于下一个工作日 2026-12-14 再催办',
  });
  expect(await written()).toEqual(before);
}, 60_000);

it('a stage whose card reached nobody: 催办 says so, records nothing and sends nothing', async () => {
  clock.set('2026-12-09T09:00:00+08:00');
  const card = await openRequestCard(h, p('张伟'), id);
  // As when no approver was found at the stage's opening: no holder has its card.
  const held =
    await h.sql`select stage_id, person_id, outbox_id from approval_cards where stage_id = ${stage}`;
  await h.sql`delete from approval_cards where stage_id = ${stage}`;
  try {
    const before = await written();
    const r = await forgeCardCallback(h, p('张伟'), card.messageId, remindValue(), {});
    expect(toastOf(r)).toEqual({
      type: 'error',
      content:
        '「单位领导班子集体决策」目前没有可接收催办的审批人,催办无法送达;请联系管理员检查该环节的审批人配置',
    });
    expect(await written()).toEqual(before);
  } finally {
    for (const x of held)
      await h.sql`insert into approval_cards (stage_id, person_id, outbox_id) values (${x.stage_id}, ${x.person_id}, ${x.outbox_id})`;
  }
}, 60_000);

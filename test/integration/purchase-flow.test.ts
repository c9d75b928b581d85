import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { shanghaiDate } from '../../src/domain/calendar';
import { titleOf } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';
import { addLine, fileThroughCards, requestIdOf } from '../helpers/purchase';

// Filed today through the cards: a meeting may be no earlier than the filing, nor after today.
const today = shanghaiDate(new Date());

let h: Harness;
let p: (name: string) => string;
beforeAll(async () => {
  h = await startHarness();
  p = h.person;
});
afterAll(() => h.stop());

/** The approval card `who` holds for request `id` (and stage, by its label). */
const approvalCardOf = (who: string, id: number, stage = '') =>
  h.sb.waitFor(() =>
    h.sb
      .inbox(p(who))
      .find((m) => titleOf(m)?.startsWith(`采购审批 #${id} ·`) && titleOf(m)!.includes(stage)),
  );

it('a filing below the threshold goes to unit leadership, who approve it with the meeting recorded', async () => {
  const line = await addLine(h, 'asset', 50_000_000n);
  const res = await fileThroughCards(h, p('张伟'), {
    line: line.id,
    amount: '199,999.99',
    leader: p('王建国'),
    department: p('李秀英'),
    assessors: [p('张伟')],
  });
  expect(JSON.stringify(res.toast)).toContain('已提交采购申请');
  const id = requestIdOf(res.toast);
  const card = await approvalCardOf('王建国', id);
  expect(titleOf(card)).toContain('单位领导班子集体决策');
  expect(JSON.stringify(card.content)).toContain('199,999.99');
  const other = await approvalCardOf('李秀英', id);
  const decided = await h.sb.click(p('王建国'), card, '同意', {
    meeting_date: today,
    minutes_no: '2026-第12次',
  });
  expect(decided.toast).toMatchObject({ type: 'success' });
  const [req] = await h.db.execute<{ status: string }>(
    sql`select status from purchase_requests order by id desc limit 1`,
  );
  expect(req!.status).toBe('approved');
  const told = await h.sb.waitFor(() =>
    h.sb.inbox(p('张伟')).find((m) => JSON.stringify(m.content).includes('已审批通过')),
  );
  expect(told).toBeTruthy();
  // 李秀英's copy of the card changed too, and a second decision is refused.
  await h.sb.waitFor(() => JSON.stringify(h.sb.message(other.messageId)!.content).includes('已同意'));
  const again = await h.sb.redeliver(decided.delivery.eventId);
  expect(again.answer).toMatchObject({ toast: { type: 'info' } });
});

it('at 200,000.00 the committee approves after the unit leadership', async () => {
  const line = await addLine(h, 'asset', 50_000_000n, 'security');
  const res = await fileThroughCards(h, p('张伟'), {
    line: line.id,
    amount: '20万元',
    leader: p('王建国'),
    department: p('李秀英'),
    assessors: [p('张伟')],
  });
  const id = requestIdOf(res.toast);
  const unitCard = await approvalCardOf('李秀英', id);
  await h.sb.click(p('李秀英'), unitCard, '同意', { meeting_date: today, minutes_no: '2026-第13次' });
  const committee = await approvalCardOf('周国平', id, '党工委管委会审批');
  const r = await h.sb.click(p('周国平'), committee, '驳回', { reason: '' });
  expect(r.toast).toMatchObject({ type: 'error', content: '驳回必须填写理由' });
  await h.sb.click(p('吴晓东'), await approvalCardOf('吴晓东', id, '党工委管委会审批'), '同意', {
    meeting_date: today,
    minutes_no: '管委会2026-第8次',
  });
  const [req] = await h.db.execute<{ status: string }>(
    sql`select status from purchase_requests order by id desc limit 1`,
  );
  expect(req!.status).toBe('approved');
});

it("step 4's pickers offer the people who hold each role in the chosen line's unit, not the whole zone", async () => {
  const { askMenu } = await import('../helpers/cards');
  const line = await addLine(h, 'asset', 50_000_000n);
  const menu = await askMenu(h.sb, p('张伟'));
  await h.sb.click(p('张伟'), menu, '发起采购');
  for (const form of [
    { line: String(line.id), description: '园区公共区域日常保洁服务' },
    { why: '本单位无专职保洁人员,外包更专业', suppliers: '3', price_low: '18万', price_high: '22万' },
    { amount: '10万', method: 'open_tender' },
  ]) {
    const r = await h.sb.click(p('张伟'), menu.messageId, '下一步', form);
    expect(r.toast).toBeUndefined();
  }
  const card = JSON.stringify(h.sb.message(menu.messageId)!.content);
  const offered = (name: string) => {
    const m = new RegExp(`"tag":"(?:multi_)?select_person","name":"${name}".*?"options":(\\[.*?\\])`).exec(
      card,
    );
    return (JSON.parse(m![1]!) as { value: string }[]).map((o) => o.value).sort();
  };
  const holders = async (role: string) =>
    (
      await h.sql`select distinct p.open_id from role_grants g join people p on p.id = g.person_id
        join budget_lines l on l.id = ${line.id}
        where g.role = ${role} and g.revoked_at is null and (g.unit_id = l.unit_id or g.unit_id is null)`
    )
      .map((r) => String(r.open_id))
      .sort();
  const [everyone] = await h.sql`select count(*)::int as n from people`;
  for (const [field, role] of [
    ['leader', 'responsible_leader'],
    ['department', 'responsible_department'],
    ['assessors', 'assessor'],
  ] as const) {
    const expected = await holders(role);
    expect(expected.length).toBeGreaterThan(0);
    expect(offered(field), field).toEqual(expected);
    expect(expected.length).toBeLessThan(everyone!.n);
  }
  expect(offered('leader')).toContain(p('王建国'));
});

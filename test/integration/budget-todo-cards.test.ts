import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { askMenu, titleOf } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';
import { addLine, fileThroughCards } from '../helpers/purchase';

let h: Harness;
let p: (name: string) => string;
beforeAll(async () => {
  h = await startHarness();
  p = h.person;
});
afterAll(() => h.stop());

/** Asks for the menu and returns the new menu card (not any card that was already there). */
const menuOf = (who: string) => askMenu(h.sb, p(who));

it('finance registers a line from the card; a bad amount is refused with the typed values kept; staff see amount, committed and remaining', async () => {
  const menu = await menuOf('孙丽');
  await h.sb.click(p('孙丽'), menu, '预算额度');
  const [asset] = await h.sql`select id from units where code = 'asset'`;
  const bad = await h.sb.click(p('孙丽'), menu.messageId, '登记', {
    unit: String(asset!.id),
    year: '2026',
    category: 'cleaning',
    line_name: '卡片登记',
    line_amount: '12.345',
  });
  expect(bad.toast).toMatchObject({ type: 'error', content: '金额最多保留两位小数' });
  expect(JSON.stringify(bad.card)).toContain('12.345');
  const year = new Date().getFullYear();
  const ok = await h.sb.click(p('孙丽'), menu.messageId, '登记', {
    unit: String(asset!.id),
    year: String(year),
    category: 'cleaning',
    line_name: '卡片登记',
    line_amount: '30万',
  });
  expect(ok.toast).toMatchObject({ type: 'success' });
  const [audit] = await h.db.execute<{ n: number }>(
    sql`select count(*)::int as n from audit_log where aggregate_type = 'budget_line' and actor = ${p('孙丽')}`,
  );
  expect(audit!.n).toBe(1);

  const line = await h.sql`select id from budget_lines where name = '卡片登记'`;
  await fileThroughCards(h, p('张伟'), {
    line: Number(line[0]!.id),
    amount: '10万',
    leader: p('王建国'),
    department: p('李秀英'),
    assessors: [p('张伟')],
  });
  const staff = await menuOf('李秀英');
  await h.sb.click(p('李秀英'), staff, '预算额度');
  const text = JSON.stringify(h.sb.message(staff.messageId)!.content);
  expect(text).toContain('卡片登记:额度 300,000.00元,已占用 100,000.00元,剩余 **200,000.00元**');
  expect(text).not.toContain('登记预算额度');
});

it('我的待办 lists what waits on the user with a button to act on it; a draft can be left and resumed from the menu', async () => {
  const line = await addLine(h, 'asset', 50_000_000n, 'security');
  await fileThroughCards(h, p('张伟'), {
    line: line.id,
    amount: '5万',
    leader: p('王建国'),
    department: p('李秀英'),
    assessors: [p('张伟')],
  });
  const menu = await menuOf('王建国');
  await h.sb.click(p('王建国'), menu, '我的待办');
  const todo = h.sb.message(menu.messageId)!;
  expect(titleOf(todo)).toBe('我的待办');
  expect(JSON.stringify(todo.content)).toContain('去审批');
  await h.sb.click(p('王建国'), todo, { a: 'approval.open', stage: 2 });
  expect(titleOf(h.sb.message(menu.messageId))).toContain('采购审批');

  // The filer starts a new draft, fills step 1, saves and leaves; 发起采购 later resumes at step 2.
  const m2 = await menuOf('张伟');
  await h.sb.click(p('张伟'), m2, '发起采购');
  await h.sb.click(p('张伟'), m2.messageId, '下一步', {
    line: String(line.id),
    description: '门岗值守服务',
  });
  await h.sb.click(p('张伟'), m2.messageId, '保存并退出', { why: '写了一半' });
  const m3 = await menuOf('张伟');
  await h.sb.click(p('张伟'), m3, '发起采购');
  const resumed = JSON.stringify(h.sb.message(m3.messageId)!.content);
  expect(resumed).toContain('第2步');
  expect(resumed).toContain('写了一半');
  await h.sb.click(p('张伟'), m3.messageId, '取消草稿');
  const [d] = await h.db.execute<{ n: number }>(
    sql`select count(*)::int as n from purchase_drafts where status = 'open'`,
  );
  expect(d!.n).toBe(0);
});

it('a forged unit id is refused even for zone-wide finance, and nothing is written', async () => {
  const { forgeCardCallback } = await import('../helpers/cards');
  const menu = await menuOf('孙丽');
  await h.sb.click(p('孙丽'), menu, '预算额度');
  const [before] = await h.sql`select count(*)::int as n from budget_lines`;
  for (const unit of ['99999', 'abc']) {
    const r = await forgeCardCallback(
      h,
      p('孙丽'),
      menu.messageId,
      { a: 'budget.add' },
      {
        unit,
        year: '2026',
        category: 'cleaning',
        line_name: '伪造单位',
        line_amount: '1万',
      },
    );
    expect(JSON.stringify(r)).toContain('请选择您有权登记的单位');
  }
  const [after] = await h.sql`select count(*)::int as n from budget_lines`;
  expect(after!.n).toBe(before!.n);
});

it('more units than the list shows: a unit past the first 50 is registered by typing its full name; an unknown name is refused and nothing is written', async () => {
  const { checkCard } = await import('../../src/sandbox/card-check');
  for (let i = 1; i <= 60; i++)
    await h.sql`insert into units (code, name) values (${`extra_${i}`}, ${`新增单位${i}号`})`;
  const menu = await menuOf('孙丽');
  await h.sb.click(p('孙丽'), menu, '预算额度');
  const card = h.sb.message(menu.messageId)!.content;
  expect(checkCard(card)).toEqual([]);
  const shown = JSON.stringify(card);
  expect(shown).toContain('其他请在下方输入');
  expect(shown).toContain('"name":"unit_name"');
  const unitSelect = JSON.stringify(card).match(/"name":"unit","placeholder".*?"required"/)?.[0] ?? '';
  expect(unitSelect).toContain('新增单位1号');
  expect(unitSelect).not.toContain('新增单位60号');
  const [before] = await h.sql`select count(*)::int as n from budget_lines`;
  const typed = (name: string) =>
    h.sb.click(p('孙丽'), menu.messageId, '登记', {
      unit_name: name,
      year: '2026',
      category: 'cleaning',
      line_name: '输入单位登记',
      line_amount: '1万',
    });
  const wrong = await typed('不存在的单位');
  expect(wrong.toast).toMatchObject({ type: 'error', content: expect.stringContaining('没有名为「不存在的单位」的单位') });
  const [still] = await h.sql`select count(*)::int as n from budget_lines`;
  expect(still!.n).toBe(before!.n);
  const ok = await typed('新增单位60号');
  expect(ok.toast).toMatchObject({ type: 'success' });
  const [line] = await h.sql`
    select u.name from budget_lines l join units u on u.id = l.unit_id where l.name = '输入单位登记'`;
  expect(line!.name).toBe('新增单位60号');
});

/**
 * 导入 through the chat: an admin or finance officer sends a spreadsheet in the private chat, gets a
 * preview (every bad row named), and 确认导入 imports all or nothing, once. For each kind built here
 * (预算额度, 节假日安排, 供应商): a good file previews and imports all; one bad row imports nothing
 * and names the row; a double click on 确认导入 imports once; a sender without the kind's role is
 * refused with nothing stored; 导入模板 sends an XLSX the importer accepts as its kind. A 30 MB file
 * and a file that is not a spreadsheet get a clear answer and nothing else.
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckChar } from '../../src/domain/uscc';
import type { MessageView } from '../../src/sandbox';
import { createXlsxWriter, readXlsx } from '../../src/xlsx';
import { askMenu, forgeCardCallback, titleOf } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let p: (name: string) => string;

beforeAll(async () => {
  h = await startHarness();
  p = h.person;
}, 60_000);
afterAll(() => h?.stop());

/** A workbook of text cells: the header and the rows, as Excel would save what was typed. */
async function xlsx(header: string[], rows: string[][]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((r) => out.on('end', r));
  const w = createXlsxWriter(out);
  w.sheet({ name: 'Sheet1', columns: header.map((h) => ({ header: h, type: 'text' as const })) });
  for (const r of rows) await w.row(r);
  await w.finish();
  await ended;
  return Buffer.concat(chunks);
}

const textOf = (m: MessageView) => JSON.stringify(m.content);

/** Sends the file as `who` and waits for the bot's one answer to it (a reply to that message). */
async function send(who: string, name: string, bytes: Buffer): Promise<MessageView> {
  const sent = await h.sb.sendFile(p(who), name, bytes);
  const reply = await h.sb.waitFor(
    () => h.sb.inbox(p(who)).find((m) => m.sender === 'bot' && m.parentId === sent.messageId),
    20_000,
  );
  // Nothing else answers the file: give the relay a moment, then count the replies again.
  await new Promise((r) => setTimeout(r, 300));
  expect(h.sb.inbox(p(who)).filter((m) => m.sender === 'bot' && m.parentId === sent.messageId)).toHaveLength(
    1,
  );
  return reply;
}

/** Row counts of the tables an import writes, and the import rows and their audit entries. */
async function counts() {
  const [r] = await h.sql<Record<string, number>[]>`select
    (select count(*)::int from budget_lines) as budget,
    (select count(*)::int from calendar_days) as days,
    (select count(*)::int from vendors) as vendors,
    (select count(*)::int from people) as people,
    (select count(*)::int from role_grants) as grants,
    (select count(*)::int from pending_imports) as pending,
    (select count(*)::int from audit_log) as audit`;
  return r!;
}

const hasButton = (m: MessageView, label: string) => textOf(m).includes(`"content":"${label}"`);

function uscc(body15: string): string {
  const body = `91320583${body15}`.slice(0, 17);
  return body + usccCheckChar(body);
}

/** The same code with another check digit: a typo the check digit catches. */
const wrongCheck = (code: string) => code.slice(0, 17) + (code[17] === '0' ? '1' : '0');

type KindCase = {
  label: string;
  who: string;
  /** Someone of the organisation whose roles do not import this kind. */
  refused: string;
  refusedSays: string;
  header: string[];
  good: string[][];
  /** The good rows with one bad row among them, at Excel row `badRow`, and what its reason says. */
  bad: { rows: string[][]; badRow: number; says: string };
  /** What the good file adds, read from the database. */
  imported(): Promise<number>;
  goodCount: number;
};

const YEAR = '2040';
const cases: KindCase[] = [
  {
    label: '预算额度',
    who: '孙丽',
    refused: '张伟',
    refusedSays: '只有管理员或财政部门可以发送表格导入数据',
    header: ['单位', '年度', '类别', '名称', '金额(元)'],
    good: [
      ['asset', YEAR, '保洁', '导入测试保洁', '1,200,000.50'],
      ['环卫所', YEAR, '绿化养护', '导入测试绿化', '80000'],
      ['enforcement', YEAR, 'security', '导入测试保安', '350000'],
    ],
    bad: {
      rows: [
        ['asset', YEAR, '保洁', '导入测试保洁', '1,200,000.50'],
        ['nowhere', YEAR, '保洁', '导入测试错行', '100'],
        ['enforcement', YEAR, 'security', '导入测试保安', '350000'],
      ],
      badRow: 3,
      says: '未知单位「nowhere」',
    },
    imported: async () =>
      Number((await h.sql`select count(*)::int as n from budget_lines where name like '导入测试%'`)[0]!.n),
    goodCount: 3,
  },
  {
    label: '组织架构',
    who: '马骏',
    // Finance imports budget lines and vendors, not the organisation.
    refused: '孙丽',
    refusedSays: '只有管理员可以导入',
    header: ['单位编码', '单位名称', '姓名', 'open_id', '角色'],
    good: [
      ['asset', '资产经营公司', '导入甲', 'ou_imptest1', '经办人、考核人'],
      ['', '', '导入乙', 'ou_imptest2', '财政部门(全区)、考核人(环卫所)'],
    ],
    bad: {
      rows: [
        ['asset', '资产经营公司', '导入甲', 'ou_imptest1', '经办人、考核人'],
        ['', '', '导入乙', 'ou_imptest2', '财政部门'],
      ],
      badRow: 3,
      says: '本人没有单位,请写作「财政部门(全区)」',
    },
    imported: async () =>
      Number((await h.sql`select count(*)::int as n from people where open_id like 'ou_imptest%'`)[0]!.n),
    goodCount: 2,
  },
  {
    label: '节假日安排',
    who: '马骏',
    // Finance imports budget lines and vendors, not the calendar.
    refused: '孙丽',
    refusedSays: '只有管理员可以导入',
    header: ['日期', '类型', '名称'],
    good: [
      [`${YEAR}-10-01`, '放假', '国庆节'],
      [`${YEAR}-10-02`, '放假', '国庆节'],
      [`${YEAR}-09-29`, '调休', '国庆节调休'],
    ],
    bad: {
      rows: [
        [`${YEAR}-10-01`, '放假', '国庆节'],
        [`${YEAR}-10-02`, '放假', '国庆节'],
        [`${YEAR}-02-30`, '放假', '不存在的日子'],
      ],
      badRow: 4,
      says: '日期「2040-02-30」无效',
    },
    imported: async () =>
      Number((await h.sql`select count(*)::int as n from calendar_days where year = ${Number(YEAR)}`)[0]!.n),
    goodCount: 3,
  },
  {
    label: '供应商',
    who: '孙丽',
    refused: '张伟',
    refusedSays: '只有管理员或财政部门可以发送表格导入数据',
    header: ['供应商名称', '统一社会信用代码', '联系人', '联系电话'],
    good: [
      ['导入测试甲物业有限公司', uscc('MA1XP0001'), '甲经理', '0512-57670001'],
      ['导入测试乙保安服务有限公司', uscc('MA1XP0002'), '', ''],
    ],
    bad: {
      rows: [
        ['导入测试甲物业有限公司', uscc('MA1XP0001'), '甲经理', '0512-57670001'],
        ['导入测试乙保安服务有限公司', wrongCheck(uscc('MA1XP0002')), '', ''],
      ],
      badRow: 3,
      says: '统一社会信用代码',
    },
    imported: async () =>
      Number((await h.sql`select count(*)::int as n from vendors where name like '导入测试%'`)[0]!.n),
    goodCount: 2,
  },
];

// 2040-09-29 is a Saturday: a 调休 day must be a weekend day.
it('the calendar case works on a weekend 调休', () => {
  expect(new Date(Date.UTC(2040, 8, 29)).getUTCDay()).toBe(6);
});

for (const k of cases) {
  describe(`导入 ${k.label}`, () => {
    it('a sender without the role is refused in words; nothing is stored', async () => {
      const before = await counts();
      const reply = await send(k.refused, `${k.label}.xlsx`, await xlsx(k.header, k.good));
      expect(reply.msgType).toBe('text');
      expect(textOf(reply)).toContain(k.refusedSays);
      expect(await counts()).toEqual(before);
    });

    it('a file with one bad row imports nothing and names the row', async () => {
      const before = await counts();
      const reply = await send(k.who, `${k.label}-有错.xlsx`, await xlsx(k.header, k.bad.rows));
      expect(titleOf(reply)).toBe(`导入预览:${k.label}`);
      const shown = textOf(reply);
      expect(shown).toContain('未导入任何数据');
      expect(shown).toContain(`第 ${k.bad.badRow} 行`);
      expect(shown).toContain(k.bad.says);
      // Only the bad row is named: the good ones around it are not errors.
      expect(shown).not.toContain(`第 ${k.bad.badRow - 1} 行:`);
      expect(hasButton(reply, '确认导入')).toBe(false);
      expect(await counts()).toEqual(before);
      expect(await k.imported()).toBe(0);
    });

    it('a good file previews every row; a double click on 确认导入 imports all of it once, audited', async () => {
      const reply = await send(k.who, `${k.label}.xlsx`, await xlsx(k.header, k.good));
      expect(titleOf(reply)).toBe(`导入预览:${k.label}`);
      expect(textOf(reply)).toContain(`新增 ${k.goodCount} 条`);
      expect(hasButton(reply, '确认导入')).toBe(true);
      // The preview wrote only the pending import (and its audit entry).
      expect(await k.imported()).toBe(0);
      const [pending] = await h.sql`select id, status from pending_imports order by id desc limit 1`;
      expect(pending!.status).toBe('pending');

      // Two callbacks of one card at once (a double click; the client sends both before either answers).
      const value = { a: 'import.confirm', pending: Number(pending!.id) };
      const clicks = await Promise.all([
        forgeCardCallback(h, p(k.who), reply.messageId, value, {}),
        forgeCardCallback(h, p(k.who), reply.messageId, value, {}),
      ]);
      for (const c of clicks) expect(c.toast).toMatchObject({ type: 'success' });
      expect(await k.imported()).toBe(k.goodCount);
      const audits = await h.sql`select action from audit_log
        where aggregate_type = 'import' and aggregate_id = ${String(pending!.id)} order by id`;
      expect(audits.map((a) => a.action)).toEqual(['import.received', 'import.applied']);
      for (const c of clicks)
        expect(titleOf({ content: (c.card as { data?: unknown })?.data } as MessageView)).toBe(
          `已导入:${k.label}`,
        );

      // A third click (Feishu's retry) and the same file again change nothing.
      const before = await counts();
      expect((await forgeCardCallback(h, p(k.who), reply.messageId, value, {})).toast).toMatchObject({
        type: 'success',
      });
      expect(await counts()).toEqual(before);
      const again = await send(k.who, `${k.label}.xlsx`, await xlsx(k.header, k.good));
      expect(textOf(again)).toContain(`已存在未变 ${k.goodCount} 条`);
      expect(hasButton(again, '确认导入')).toBe(false);
      expect(await k.imported()).toBe(k.goodCount);
    });

    it('导入模板 sends an XLSX the importer reads back as this kind, once for a double click', async () => {
      const menu = await askMenu(h.sb, p(k.who));
      const templates = await h.sb.click(p(k.who), menu, '导入模板');
      expect(titleOf({ content: templates.card } as MessageView)).toBe('导入模板');
      const before = h.sb.filesReceived(p(k.who)).length;
      const shown = await h.sb.waitFor(() =>
        h.sb.inbox(p(k.who)).find((m) => m.messageId === menu.messageId),
      );
      // A double click: both answer green, one file is sent.
      const [r, r2] = await Promise.all([
        h.sb.click(p(k.who), shown, `${k.label}模板`),
        h.sb.click(p(k.who), shown, `${k.label}模板`),
      ]);
      expect(r.toast, JSON.stringify(r.toast)).toMatchObject({ type: 'success' });
      expect(r2.toast).toEqual(r.toast);
      const file = await h.sb.waitFor(() => h.sb.filesReceived(p(k.who))[before], 20_000);
      await new Promise((done) => setTimeout(done, 500));
      expect(h.sb.filesReceived(p(k.who))).toHaveLength(before + 1);
      expect(file.fileName).toBe(`${k.label}导入模板.xlsx`);
      const [sheet] = await readXlsx(file.bytes);
      expect(sheet!.rows).toHaveLength(2);
      // Sent back as it came: recognised as this kind, its example row checked like any other.
      const reply = await send(k.who, file.fileName, file.bytes);
      expect(titleOf(reply)).toBe(`导入预览:${k.label}`);
      expect(textOf(reply)).not.toContain('表头');
    });
  });
}

describe('files that are no import', () => {
  it('a 30 MB file gets a clear answer and nothing else', async () => {
    const before = await counts();
    const big = Buffer.alloc(30 * 1024 * 1024, 0x41);
    big.write('PK\u0003\u0004', 0, 'latin1');
    const reply = await send('孙丽', '全年预算.xlsx', big);
    expect(reply.msgType).toBe('text');
    expect(textOf(reply)).toContain('文件过大(30.0 MB)');
    expect(textOf(reply)).toContain('不能超过 10.0 MB');
    expect(await counts()).toEqual(before);
  }, 60_000);

  it('a file that is not a spreadsheet gets a clear answer and nothing else, by its name or its bytes', async () => {
    const before = await counts();
    const pdf = await send('孙丽', '会议纪要.pdf', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'));
    expect(pdf.msgType).toBe('text');
    expect(textOf(pdf)).toContain('只能导入 Excel 表格(.xlsx)');
    const renamed = await send('孙丽', '预算.xlsx', Buffer.from('%PDF-1.7 不是表格'));
    expect(textOf(renamed)).toContain('只能导入 Excel 表格(.xlsx)');
    const old = await send('孙丽', '预算.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
    expect(textOf(old)).toContain('另存为 .xlsx');
    const unknown = await send('孙丽', '名单.xlsx', await xlsx(['姓名', '电话'], [['张三', '123']]));
    expect(titleOf(unknown)).toBe('导入模板');
    expect(textOf(unknown)).toContain('无法识别该表格的类型');
    expect(await counts()).toEqual(before);
  });
});

describe('the pending import', () => {
  const vendorHeader = ['供应商名称', '统一社会信用代码'];
  const pendingOf = async (reply: MessageView) => {
    const [row] = await h.sql`select id from pending_imports order by id desc limit 1`;
    expect(hasButton(reply, '确认导入')).toBe(true);
    return { a: 'import.confirm', pending: Number(row!.id) };
  };
  const vendorNamed = async (name: string) =>
    Number((await h.sql`select count(*)::int as n from vendors where name = ${name}`)[0]!.n);

  it('取消 imports nothing; a later 确认导入 on it imports nothing either', async () => {
    const reply = await send(
      '孙丽',
      '供应商.xlsx',
      await xlsx(vendorHeader, [['取消测试有限公司', uscc('MA1XC0001')]]),
    );
    const value = await pendingOf(reply);
    const cancel = await forgeCardCallback(
      h,
      p('孙丽'),
      reply.messageId,
      { ...value, a: 'import.cancel' },
      {},
    );
    expect(titleOf({ content: (cancel.card as { data?: unknown }).data } as MessageView)).toBe(
      '已取消导入:供应商',
    );
    const late = await forgeCardCallback(h, p('孙丽'), reply.messageId, value, {});
    expect(late.toast).toMatchObject({ type: 'info', content: '已取消导入' });
    expect(await vendorNamed('取消测试有限公司')).toBe(0);
  });

  it('only the sender confirms: another admin or finance officer is refused and nothing is written', async () => {
    const reply = await send(
      '孙丽',
      '供应商.xlsx',
      await xlsx(vendorHeader, [['他人确认测试有限公司', uscc('MA1XD0001')]]),
    );
    const value = await pendingOf(reply);
    const before = await counts();
    const other = await forgeCardCallback(h, p('马骏'), reply.messageId, value, {});
    expect(other.toast).toMatchObject({ type: 'error', content: '只有发送该文件的人可以确认或取消导入' });
    expect(await counts()).toEqual(before);
    expect((await forgeCardCallback(h, p('孙丽'), reply.messageId, value, {})).toast).toMatchObject({
      type: 'success',
    });
    expect(await vendorNamed('他人确认测试有限公司')).toBe(1);
  });

  it('a preview that no longer holds at 确认导入 imports none of its rows', async () => {
    const reply = await send(
      '孙丽',
      '供应商.xlsx',
      await xlsx(vendorHeader, [
        ['变化测试甲有限公司', uscc('MA1XE0001')],
        ['变化测试乙有限公司', uscc('MA1XE0002')],
      ]),
    );
    const value = await pendingOf(reply);
    // Meanwhile the second vendor is registered through the 登记供应商 form.
    await h.sql`insert into vendors (name, uscc, contact_name, created_by)
      values ('变化测试乙有限公司', ${uscc('MA1XE0002')}, '乙', 'test')`;
    const r = await forgeCardCallback(h, p('孙丽'), reply.messageId, value, {});
    expect(r.toast).toMatchObject({ type: 'warning' });
    expect(titleOf({ content: (r.card as { data?: unknown }).data } as MessageView)).toBe('未导入:供应商');
    expect(await vendorNamed('变化测试甲有限公司')).toBe(0);
    const [row] = await h.sql`select status from pending_imports where id = ${value.pending}`;
    expect(row!.status).toBe('stale');
  });

  it('a header two kinds accept: the sender picks one of those they may import; another kind is refused', async () => {
    const header = ['单位', '年度', '类别', '金额', '日期', '类型'];
    const rows = [['asset', '2041', '保洁', '100', '2041-10-01', '放假']];
    // Finance may import only the budget of the two: no question.
    const direct = await send('孙丽', '混合.xlsx', await xlsx(header, rows));
    expect(titleOf(direct)).toBe('导入预览:预算额度');
    // A zone admin may import both: which one?
    const ask = await send('马骏', '混合.xlsx', await xlsx(header, rows));
    expect(titleOf(ask)).toBe('请选择导入类型');
    const [row] = await h.sql`select id, kind from pending_imports order by id desc limit 1`;
    expect(row!.kind).toBe('');
    const before = await counts();
    const forged = await forgeCardCallback(
      h,
      p('马骏'),
      ask.messageId,
      { a: 'import.choose', pending: Number(row!.id), kind: 'vendors' },
      {},
    );
    expect(forged.toast).toMatchObject({ type: 'error', content: '该表格不是所选类型' });
    expect(await counts()).toEqual(before);
    const chosen = await h.sb.click(p('马骏'), ask, '节假日安排');
    const preview = {
      content: (chosen.card as { data?: unknown } | undefined)?.data ?? chosen.card,
    } as MessageView;
    expect(titleOf(preview)).toBe('导入预览:节假日安排');
    const ok = await forgeCardCallback(
      h,
      p('马骏'),
      ask.messageId,
      { a: 'import.confirm', pending: Number(row!.id) },
      {},
    );
    expect(ok.toast).toMatchObject({ type: 'success' });
    const [day] = await h.sql`select kind from calendar_days where date = '2041-10-01'`;
    expect(day!.kind).toBe('holiday');
    expect(
      Number((await h.sql`select count(*)::int as n from budget_lines where fiscal_year = 2041`)[0]!.n),
    ).toBe(0);
  });
});

it('组织架构: a listed person ends with exactly the roles listed; the preview says what is granted and revoked', async () => {
  const header = ['单位编码', '单位名称', '姓名', 'open_id', '角色'];
  const reply = await send(
    '马骏',
    '组织架构.xlsx',
    await xlsx(header, [['asset', '资产经营公司', '张伟', p('张伟'), '经办人']]),
  );
  expect(textOf(reply)).toContain('撤销 考核人(资产经营公司)');
  const [row] = await h.sql`select id from pending_imports order by id desc limit 1`;
  const r = await forgeCardCallback(
    h,
    p('马骏'),
    reply.messageId,
    { a: 'import.confirm', pending: Number(row!.id) },
    {},
  );
  expect(r.toast).toMatchObject({ type: 'success' });
  const live = await h.sql`select g.role from role_grants g join people p on p.id = g.person_id
    where p.open_id = ${p('张伟')} and g.revoked_at is null order by g.role`;
  expect(live.map((g) => g.role)).toEqual(['filer']);
  const [audit] =
    await h.sql`select count(*)::int as n from audit_log where action = 'role.revoked' and actor = ${p('马骏')}`;
  expect(audit!.n).toBe(1);
});

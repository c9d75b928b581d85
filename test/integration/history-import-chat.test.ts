/**
 * Last year brought in through the chat: the admin sends the history files in the private chat; each
 * preview says what the import sends (one summary to the unit leadership, no warning for a month long
 * past), a file with a bad row names it and imports nothing, and a double click on 确认导入 imports the
 * months once, with the ban they give and one summary per leadership member.
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HISTORY_KINDS } from '../../src/features/history/kinds';
import type { MessageView } from '../../src/sandbox';
import { createXlsxWriter } from '../../src/xlsx';
import { forgeCardCallback, titleOf } from '../helpers/cards';
import { makeUscc } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: '2026-12-07T10:00:00+08:00' });
}, 60_000);
afterAll(() => h?.stop());

const header = (key: string) =>
  HISTORY_KINDS.find((k) => k.key === key)!.template.columns.map((c) => c.header);

async function xlsx(head: string[], rows: string[][]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((r) => out.on('end', r));
  const w = createXlsxWriter(out);
  w.sheet({ name: 'Sheet1', columns: head.map((x) => ({ header: x, type: 'text' as const })) });
  for (const r of rows) await w.row(r);
  await w.finish();
  await ended;
  return Buffer.concat(chunks);
}

const text = (m: MessageView) => JSON.stringify(m.content);

/** 马骏 (zone admin) sends the file; the bot's reply to it. */
async function send(name: string, bytes: Buffer): Promise<MessageView> {
  const who = h.person('马骏');
  const sent = await h.sb.sendFile(who, name, bytes);
  return h.sb.waitFor(
    () => h.sb.inbox(who).find((m) => m.sender === 'bot' && m.parentId === sent.messageId),
    20_000,
  );
}

/** Sends the file and confirms its preview (twice at once: a double click). */
async function importFile(name: string, bytes: Buffer): Promise<MessageView> {
  const reply = await send(name, bytes);
  const [pending] = await h.sql`select id from pending_imports order by id desc limit 1`;
  const value = { a: 'import.confirm', pending: Number(pending!.id) };
  const clicks = await Promise.all([
    forgeCardCallback(h, h.person('马骏'), reply.messageId, value, {}),
    forgeCardCallback(h, h.person('马骏'), reply.messageId, value, {}),
  ]);
  for (const c of clicks) expect(c.toast).toMatchObject({ type: 'success' });
  return reply;
}

const USCC = makeUscc(9201);
const REF = 'CHAT-2024-01';
const months = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10'];
// 10 × 85.0 + 83.9 over 11 months: 84.9, below the bar of 85.
const SCORES = [
  ...months.map((m) => [REF, `2025-${m}`, '85', '85', '']),
  [REF, '2025-11', '83.9', '83.9', ''],
];

it('the admin brings last year in through the chat: previews say what is sent, the months ban the vendor once', async () => {
  const vendors = await importFile(
    '供应商及禁投.xlsx',
    await xlsx(header('history_vendors'), [
      ['昆山市洁净物业管理有限公司', USCC, '周经理', '', '', '', '', ''],
    ]),
  );
  expect(titleOf(vendors)).toBe('导入预览:供应商及禁投');
  expect(text(vendors)).toContain('向所涉单位的领导班子各发送一条汇总通知');
  await importFile(
    '历史合同.xlsx',
    await xlsx(header('history_contracts'), [
      [
        'asset',
        '保洁',
        USCC,
        '480000',
        '2025-01-01',
        '2025-12-31',
        '2024-12-25',
        '2024-12-20',
        '公开招标',
        '苏州市公共资源交易平台',
        REF,
        '王建国',
        '张伟',
        '全年,2025-12-31,480000',
        '办公区保洁',
        '',
        '',
        '',
        '',
      ],
    ]),
  );
  expect(Number((await h.sql`select count(*)::int as n from contracts`)[0]!.n)).toBe(1);

  // One bad row (row 13: a month outside the term): nothing imported, the row named.
  const bad = await send(
    '历史月度考核-有错.xlsx',
    await xlsx(header('history_scores'), [...SCORES, [REF, '2026-01', '90', '90', '']]),
  );
  expect(titleOf(bad)).toBe('导入预览:历史月度考核');
  expect(text(bad)).toContain('第 13 行');
  expect(text(bad)).toContain('不在合同');
  expect(Number((await h.sql`select count(*)::int as n from monthly_scores`)[0]!.n)).toBe(0);

  const summaries = async () =>
    Number(
      (
        await h.sql`select count(*)::int as n from outbox where receive_id = ${h.person('王建国')}
          and content->>'text' like '【历史数据导入】%导入了本单位的历史月度考核%'`
      )[0]!.n,
    );
  await importFile('历史月度考核.xlsx', await xlsx(header('history_scores'), SCORES));
  expect(Number((await h.sql`select count(*)::int as n from monthly_scores`)[0]!.n)).toBe(11);
  const bans =
    await h.sql`select b.year from vendor_bans b join vendors v on v.id = b.vendor_id where v.uscc = ${USCC}`;
  expect(bans.map((b) => b.year)).toEqual([2026]);
  expect(await summaries()).toBe(1);
  const cards =
    await h.sql`select count(*)::int as n from outbox where content->'header'->'title'->>'content' like '考核预警%'`;
  expect(cards[0]!.n).toBe(0);
}, 120_000);

it('the paid periods come through the chat too: the year paid after the months, once', async () => {
  // The year's last month first: a period is paid from its months' scores.
  await importFile(
    '历史月度考核-12月.xlsx',
    await xlsx(header('history_scores'), [[REF, '2025-12', '85', '85', '']]),
  );
  const reply = await importFile(
    '已付期次.xlsx',
    await xlsx(header('history_payments'), [[REF, '全年', '2026-01-20', '']]),
  );
  expect(text(reply)).not.toContain('未导入');
  const paid = await h.sql`select s.period_label from settlements s join contracts c on c.id = s.contract_id
    join procurements p on p.id = c.procurement_id where p.reference_no = ${REF}`;
  expect(paid.map((r) => r.period_label)).toEqual(['全年']);
}, 60_000);

it("each history kind's file from someone who may not import it is refused, nothing stored", async () => {
  const who = h.person('张伟');
  for (const k of HISTORY_KINDS) {
    const before = Number((await h.sql`select count(*)::int as n from pending_imports`)[0]!.n);
    const sent = await h.sb.sendFile(who, `${k.label}.xlsx`, await xlsx(header(k.key), []));
    const reply = await h.sb.waitFor(
      () => h.sb.inbox(who).find((m) => m.sender === 'bot' && m.parentId === sent.messageId),
      20_000,
    );
    expect(text(reply)).toContain('您的文件未被处理');
    expect(Number((await h.sql`select count(*)::int as n from pending_imports`)[0]!.n)).toBe(before);
  }
}, 60_000);

/**
 * Charts through the real path (issue 13): the savings card with its charts and the contract card
 * with its score line come back from real clicks into the sandbox, which checks every card as Feishu
 * would; the same card sent with the real SDK is accepted, and a bad chart spec is refused with
 * Feishu's invalid-card code and journaled.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { monthlyScores } from '../../src/db/schema';
import { shanghaiDate } from '../../src/domain/business-date';
import { formatWanExact } from '../../src/domain/money';
import { addMonths, monthOfDate } from '../../src/domain/months';
import { checkCard } from '../../src/sandbox/card-check';
import { askMenu } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let p: (name: string) => string;
let asset: string;
let sanitation: string;
beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  [asset, sanitation] = (
    await h.sql`select id from units where code in ('asset', 'sanitation') order by code`
  ).map((r) => String(r.id)) as [string, string];
});
afterAll(() => h.stop());

const chartsOf = (card: any): any[] => (card.body.elements as any[]).filter((e) => e.tag === 'chart');

async function send(card: unknown) {
  return h.app.feishu.sdk.im.v1.message.create({
    params: { receive_id_type: 'open_id' },
    data: { receive_id: p('孙丽'), msg_type: 'interactive', content: JSON.stringify(card) },
  });
}

it('the savings card carries its charts by cause and by unit, exact to the fen, and Feishu takes it', async () => {
  const menu = await askMenu(h.sb, p('孙丽'));
  await h.sb.click(p('孙丽'), menu, '节约资金');
  const entries: [string, string, string][] = [
    [asset, 'renegotiated_price', '12,345.67'],
    [asset, 'non_conformity', '0.01'],
    [sanitation, 'renegotiated_price', '10,000.02'],
  ];
  for (const [unit, cause, amount] of entries)
    await h.sb.click(p('孙丽'), menu.messageId, '登记', {
      unit,
      cause,
      amount,
      evidence: '议价纪要〔2026〕3号',
    });
  const r = await h.sb.click(p('孙丽'), await askMenu(h.sb, p('孙丽')), '节约资金');
  const card = r.card as any;
  expect(checkCard(card)).toEqual([]);
  const [byCause, byUnit] = chartsOf(card);
  const month = shanghaiDate(new Date()).slice(0, 7);
  const renegotiated = byCause.chart_spec.data[0].values.find((v: any) => v.k === '重新议价');
  expect(renegotiated).toMatchObject({ m: month, text: formatWanExact(2_234_569n).replace('万元', '') });
  expect(renegotiated.text).toBe('2.234569');
  const units = byUnit.chart_spec.data[0].values.map((v: any) => [v.k, v.text]);
  expect(units).toEqual(
    expect.arrayContaining([
      ['资产经营公司', '1.234568'],
      ['环卫所', '1.000002'],
    ]),
  );
  // The card the click answered with is one Feishu accepts when sent with the SDK.
  const sent = await send(card);
  expect(sent.code ?? 0).toBe(0);
});

it('a contract card draws its months against the two bars, the low months marked', async () => {
  const today = shanghaiDate(new Date());
  const start = `${addMonths(monthOfDate(today), -5)}-01`;
  const { contract } = await createContract(h, {
    startsOn: start,
    endsOn: `${Number(today.slice(0, 4)) + 1}-12-31`,
  });
  const months = [0, 1, 2, 3].map((i) => addMonths(monthOfDate(start), i));
  const finals = [900, 785, 820, 799];
  const [entered] = await h.sql`select signed_by from contracts where id = ${contract.id}`;
  await h.db.insert(monthlyScores).values(
    months.map((month, i) => ({
      contractId: contract.id,
      month,
      deductions: [],
      dailyTenths: finals[i]!,
      managementTenths: finals[i]!,
      finalTenths: finals[i]!,
      enteredBy: Number(entered!.signed_by),
    })),
  );
  // 王建国 leads the asset company's contracts (the fixture's default leader).
  const menu = await askMenu(h.sb, p('王建国'));
  await h.sb.click(p('王建国'), menu, '合同管理');
  const r = await h.sb.click(p('王建国'), menu.messageId, { a: 'contract.show', contract: contract.id });
  const card = r.card as any;
  expect(checkCard(card)).toEqual([]);
  const [line] = chartsOf(card);
  expect(line.chart_spec.markLine.map((m: any) => m.label.text)).toEqual(['80 清退线', '85 禁投线']);
  const red = line.chart_spec.data[0].values.filter((v: any) => v.series === '低于清退线' && v.s !== null);
  expect(red.map((v: any) => v.label)).toEqual(['78.5', '79.9']);
  expect(JSON.stringify(card)).toContain(`低于80分:${months[1]} 78.5、${months[3]} 79.9`);
});

it('a bad chart is refused as Feishu refuses an invalid card, and journaled', async () => {
  const bad = {
    schema: '2.0',
    header: { title: { tag: 'plain_text', content: '图表' } },
    body: {
      elements: [
        {
          tag: 'chart',
          aspect_ratio: '16:9',
          chart_spec: {
            type: 'bar',
            data: [{ values: [{ x: 'a', y: 1 }] }],
            label: { visible: true, formatMethod: '(v) => v + "万元"' },
          },
        },
      ],
    },
  };
  const before = h.sb.errors().length;
  const err = await send(bad).then(
    (r) => r,
    (e) => e,
  );
  const code = err?.response?.data?.code ?? err?.code;
  expect(code).toBe(230099);
  const journaled = h.sb.errors().slice(before);
  expect(journaled.some((e) => e.kind === 'bad_card' && e.message.includes('looks like code'))).toBe(true);
});

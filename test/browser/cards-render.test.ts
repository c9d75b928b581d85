import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAppCredentials, type Sandbox, startSandbox } from '../../src/sandbox';
import { fixtures } from '../unit/cards/hostile-views';
import { launch, openChat, renderErrors, SKIP_BROWSER, settled, showChat } from './page';

/**
 * Issue 14, point 2: every card any builder makes (the hostile fixtures, one or more per exported
 * builder) is sent through the sandbox's open API and drawn by the web chat at phone width: no
 * render error, no console error, nothing wider than the screen, and person pickers show names.
 */
const ME = 'ou_render_viewer';
let sb: Sandbox;
let browser: Browser;

/** Elements the web chat draws that no builder emits today (a builder may start to). */
const SINK = {
  schema: '2.0',
  header: { title: { tag: 'plain_text', content: '其余元素' }, template: 'grey' },
  body: {
    elements: [
      {
        tag: 'table',
        columns: [
          { name: 'unit', display_name: '单位' },
          { name: 'fen', display_name: '金额' },
        ],
        rows: [{ unit: '资产经营公司', fen: '1,000.00' }],
      },
      { tag: 'img', img_key: 'img_v3_none', alt: { tag: 'plain_text', content: '现场照片' } },
      {
        tag: 'collapsible_panel',
        header: { title: { tag: 'plain_text', content: '展开明细' } },
        elements: [{ tag: 'markdown', content: '<text_tag color=red>逾期</text_tag> 明细' }],
      },
      {
        tag: 'form',
        name: 'sink',
        elements: [
          {
            tag: 'picker_datetime',
            name: 'at',
            placeholder: { tag: 'plain_text', content: '时间' },
            required: false,
          },
          {
            tag: 'multi_select_person',
            name: 'who',
            placeholder: { tag: 'plain_text', content: '人员' },
            options: [{ value: ME }],
            required: false,
          },
          {
            tag: 'button',
            text: { tag: 'plain_text', content: '提交' },
            form_action_type: 'submit',
            name: 'sink_submit',
            behaviors: [{ type: 'callback', value: { a: 'sink' } }],
          },
        ],
      },
    ],
  },
};

const cards = [
  ...Object.entries(fixtures).flatMap(([name, f]) =>
    f.cards().map((card, i) => ({ name: `${name}#${i}`, card })),
  ),
  { name: 'sink', card: SINK },
];

function personIds(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const n of node) personIds(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.tag === 'string' && o.tag.endsWith('select_person') && Array.isArray(o.options))
      for (const opt of o.options as { value: string }[]) out.add(opt.value);
    for (const v of Object.values(o)) personIds(v, out);
  }
  return out;
}

async function sendCard(token: string, card: unknown): Promise<string> {
  const res = await fetch(`${sb.url}/open-apis/im/v1/messages?receive_id_type=open_id`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ receive_id: ME, msg_type: 'interactive', content: JSON.stringify(card) }),
  });
  const json = (await res.json()) as { code: number; msg: string; data?: { message_id: string } };
  if (json.code !== 0) throw new Error(`send refused: ${json.code} ${json.msg}`);
  return json.data!.message_id;
}

describe.skipIf(SKIP_BROWSER)('every card renders in the web chat at 375 px', () => {
  const sent: { name: string; messageId: string }[] = [];
  const people = new Map<string, string>();

  beforeAll(async () => {
    sb = await startSandbox({
      ...newAppCredentials(),
      limits: { receiverPerSecond: 10_000, apiPerSecond: 10_000, apiPerMinute: 100_000 },
    });
    sb.addUser({ openId: ME, name: '看卡人' });
    let n = 0;
    for (const c of cards)
      for (const id of personIds(c.card)) if (!people.has(id)) people.set(id, `人员${++n}号`);
    for (const [openId, name] of people) if (openId !== ME) sb.addUser({ openId, name });
    const tokenRes = await fetch(`${sb.url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: sb.appId, app_secret: sb.appSecret }),
    });
    const { tenant_access_token: token } = (await tokenRes.json()) as { tenant_access_token: string };
    for (const c of cards) sent.push({ name: c.name, messageId: await sendCard(token, c.card) });
    browser = await launch();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await sb?.close();
  });

  it(`${cards.length} cards: no render error, no console error, no overflow, names in person pickers`, async () => {
    const { page, problems, url } = await openChat(browser, sb, 375, 800);
    await showChat(page, url, ME);
    await settled(page, sb);
    expect(await page.locator('.card').count()).toBe(sent.length);
    expect(await renderErrors(page)).toEqual([]);
    const report = (await page.evaluate(`[...document.querySelectorAll('.card')].map((box) => ({
      id: box.dataset.messageId ?? '',
      error: box.getAttribute('data-render-error'),
      scroll: box.scrollWidth,
      client: box.clientWidth,
      right: box.getBoundingClientRect().right,
      page: document.documentElement.scrollWidth,
      text: box.textContent,
      optionTexts: [...box.querySelectorAll('select[data-tag$="select_person"] option')].map((o) => o.textContent ?? ''),
    }))`)) as {
      id: string;
      error: string | null;
      scroll: number;
      client: number;
      right: number;
      page: number;
      text: string;
      optionTexts: string[];
    }[];
    const nameOf = new Map(sent.map((s) => [s.messageId, s.name]));
    for (const r of report) {
      const name = nameOf.get(r.id);
      expect(r.error, name).toBeNull();
      expect(r.scroll, `${name} is wider than its box`).toBeLessThanOrEqual(r.client + 1);
      expect(r.right, `${name} is wider than the screen`).toBeLessThanOrEqual(376);
      expect(r.page, 'the page scrolls sideways').toBeLessThanOrEqual(376);
      expect(r.text.trim().length, `${name} shows no text`).toBeGreaterThan(0);
      for (const t of r.optionTexts)
        expect(t, `${name}: a person picker shows an open_id`).not.toMatch(/^ou_/);
    }
    const charts = await page.locator('.chart canvas').count();
    expect(charts, 'every chart element drew a canvas').toBe(
      cards.reduce((n, c) => n + (JSON.stringify(c.card).match(/"tag":"chart"/g)?.length ?? 0), 0),
    );
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('the check itself bites: an element the renderer does not know is a render error', async () => {
    const { page, url } = await openChat(browser, sb, 375, 800);
    await showChat(page, url, ME);
    // A string, so vitest does not rewrite the page's own import().
    const marked = await page.evaluate(`(async () => {
      const m = await import('/chat/static/card-render.js');
      const box = m.renderCard({ body: { elements: [{ tag: 'no_such_element' }] } }, { names: new Map() });
      return box.getAttribute('data-render-error');
    })()`);
    expect(marked).toContain('no_such_element');
    expect(await renderErrors(page)).toHaveLength(1);
    await page.close();
  });
});

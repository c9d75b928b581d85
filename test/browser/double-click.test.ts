import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUTTON_GONE } from '../../src/sandbox/control-api';
import { type Harness, startHarness } from '../helpers/harness';
import { launch, openChat, renderErrors, SKIP_BROWSER, settled, showChat } from './page';

/**
 * A double click in the web chat never shows a raw value: every button of the main menu of two
 * people of different roles (an 经办人 and a unit leader, 25 buttons), each on a fresh menu, clicked
 * twice 50 ms apart as a person does. The second click either reaches the bot (its answer is a toast in
 * words) or finds the button gone from the card the first click replaced: then the toast says so in
 * words, never `找不到按钮{"a":...}` with the callback value.
 */
const PEOPLE = ['张伟', '王建国'];
/** A toast that prints a callback value or a JSON object. */
const RAW = /\{"|"a":|找不到按钮/;

let h: Harness;
let browser: Browser;
let page: Page;
let base: string;
let problems: string[];

/** Every toast the page shows, in order (the toast element is reused, so each is caught as it changes). */
const RECORD_TOASTS = `
  window.__toasts = [];
  document.addEventListener('DOMContentLoaded', () => {
    const el = document.getElementById('toast');
    new MutationObserver(() => {
      if (!el.hidden && el.textContent) window.__toasts.push(el.textContent);
    }).observe(el, { childList: true, characterData: true, subtree: true, attributes: true });
  });`;
const toasts = () => page.evaluate('window.__toasts') as Promise<string[]>;

async function ask(text: string): Promise<Locator> {
  const cards = page.locator('.msg[data-msg-type="interactive"]');
  const before = await cards.count();
  await page.locator('#say').fill(text);
  await page.locator('#say').press('Enter');
  await expect.poll(() => cards.count(), { timeout: 10_000 }).toBeGreaterThan(before);
  const id = await cards.last().getAttribute('data-message-id');
  return page.locator(`.card[data-message-id="${id}"]`);
}

/**
 * Clicks the i-th button of `card` twice, 50 ms apart, on the same button as the page drew it (the
 * first click may have replaced the card by then: the second is the stale click a person makes),
 * then waits until the page shows what came of it.
 */
async function doubleClick(card: Locator, i: number) {
  const id = await card.getAttribute('data-message-id');
  // A string, so the test compiles without the DOM library.
  await page.evaluate(`(async () => {
    const b = document.querySelectorAll('.card[data-message-id="${id}"] button.card-btn')[${i}];
    b.click();
    await new Promise((r) => setTimeout(r, 50));
    b.click();
  })()`);
  await page.waitForTimeout(100);
  await settled(page, h.sb);
}

const labels = (card: Locator) => card.locator('button.card-btn').allTextContents();

describe.skipIf(SKIP_BROWSER)('double clicks in the web chat', () => {
  beforeAll(async () => {
    h = await startHarness();
    browser = await launch();
    const opened = await openChat(browser, h.sb, 375, 900);
    page = opened.page;
    problems = opened.problems;
    base = opened.url;
    page.setDefaultTimeout(10_000);
    await page.addInitScript(RECORD_TOASTS);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('every button of the menu, clicked twice: no toast shows a raw value', async () => {
    let clicks = 0;
    const seen: string[] = [];
    for (const name of PEOPLE) {
      await showChat(page, base, h.person(name));
      await settled(page, h.sb);
      const menu = await labels(await ask('菜单'));
      expect(menu.length, `${name}'s menu`).toBeGreaterThan(0);
      for (let i = 0; i < menu.length; i++) {
        const section = await ask('菜单');
        await doubleClick(section, i);
        clicks++;
      }
      seen.push(...(await toasts()));
    }
    expect(clicks).toBeGreaterThan(20);
    expect(seen, 'some second click found its button gone').toContain(BUTTON_GONE);
    for (const t of seen) expect(t, 'a toast shows a raw value').not.toMatch(RAW);
    expect(await renderErrors(page)).toEqual([]);
    // A refused second click answers 409 with the words below; the browser logs that response.
    const real = problems.filter((p) => !/409|_sandbox\/click/.test(p));
    expect(real).toEqual([]);
  }, 120_000);

  it('a click on a button the card no longer has: the words, never the value', async () => {
    await showChat(page, base, h.person('张伟'));
    const menu = await ask('菜单');
    const messageId = await menu.getAttribute('data-message-id');
    const res = await fetch(`${h.sb.url}/_sandbox/click`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: h.person('张伟'), messageId, button: { a: 'gone.button', id: 7 } }),
    });
    expect(res.status).toBe(409);
    const { error } = (await res.json()) as { error: string };
    expect(error).toBe(BUTTON_GONE);
    expect(error).not.toMatch(RAW);
  });
});

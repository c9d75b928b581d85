import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import type { Sandbox } from '../../src/sandbox';

/**
 * The browser the web-chat tests drive: Debian's `chromium` (or CHROMIUM_PATH). Without one the
 * tests skip on a developer's machine, but under CI a missing browser is a failure.
 */
export const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p): p is string => Boolean(p && existsSync(p)),
);
export const SKIP_BROWSER = !CHROMIUM && !process.env.CI;
if (SKIP_BROWSER)
  console.warn('browser tests skipped: no chromium (apt-get install chromium, or set CHROMIUM_PATH)');

export const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

export async function launch(): Promise<Browser> {
  if (!CHROMIUM) throw new Error('no chromium found: apt-get install chromium, or set CHROMIUM_PATH');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

/** A page on the sandbox's web chat that fails loudly: console errors and page errors are kept. */
export async function openChat(browser: Browser, sb: Sandbox, width = 375, height = 800) {
  const page = await browser.newPage({ viewport: { width, height }, acceptDownloads: true });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  page.on('dialog', (d) => void d.accept());
  return { page, problems, url: `${sb.url}/chat` };
}

/** Opens the chat as `user` (open_id or name) in `chatId` and waits until the page has drawn it. */
export async function showChat(page: Page, base: string, user: string, chatId?: string) {
  const q = new URLSearchParams({ user, ...(chatId ? { chat: chatId } : {}) });
  await page.goto(`${base}?${q}`);
  await page.waitForSelector('body[data-ready="1"]');
}

/** Waits until the page has caught up with the sandbox's current version of every message. */
export async function settled(page: Page, sb: Sandbox) {
  const res = await fetch(`${sb.url}/chat/api/version`);
  const { version } = (await res.json()) as { version: number };
  // Strings: the test files are compiled without the DOM library.
  await page.waitForFunction(`Number(document.body.dataset.version) >= ${Number(version)}`, undefined, {
    timeout: 10_000,
  });
}

export async function shot(box: Locator, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await box.screenshot({ path: `${SCREENSHOTS}${name}.png` });
}

/** The render errors the page recorded (unknown elements, exceptions, failing charts). */
export const renderErrors = (page: Page) =>
  page.evaluate('window.__renderErrors ?? []') as Promise<unknown[]>;

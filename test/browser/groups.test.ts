import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { units } from '../../src/db/schema';
import { addWorkingDays, shanghaiDate } from '../../src/domain/calendar';
import { addMonths, monthOfDate } from '../../src/domain/months';
import { p2pChatId } from '../../src/sandbox';
import { askMenu, botCards, titleOf } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';
import { fileStandard } from '../helpers/purchase';
import { launch, openChat, renderErrors, SKIP_BROWSER, settled, shot, showChat } from './page';

/**
 * Issue 24, point 5: a newcomer's path through groups and photos in the web chat, in headless
 * Chromium. 王建国 creates a group from 新建群聊 with two colleagues (the bot joins), binds it from
 * the bot's card as his unit's leadership group, and approves a purchase there; 张伟 sends a photo
 * from "+" in his private chat as evidence for his rectification item and submits it; 何静 confirms.
 * Every step is a click or a file picked in the page, reaching the bot as Feishu would send it.
 */
const TODAY = shanghaiDate(new Date());
const MONTH = monthOfDate(TODAY);
const GROUP_NAME = '资产经营公司领导班子';
// A 1×1 PNG: the bytes the bot downloads and hashes as evidence.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

let h: Harness;
let browser: Browser;
let page: Page;
let base: string;
let problems: string[];
let assetUnit: string;
let groupId: string;

async function as(name: string, chatId?: string) {
  await showChat(page, base, h.person(name), chatId ?? p2pChatId(h.person(name)));
  await settled(page, h.sb);
}

const cards = () => page.locator('.msg[data-msg-type="interactive"]');
const press = (box: Locator, text: string) =>
  box.locator('button.card-btn', { hasText: text }).first().click();
const toast = (text: string) => page.locator('#toast', { hasText: text }).waitFor();

/** Types into the composer and returns the card the bot answers with (a new message). */
async function ask(text: string): Promise<Locator> {
  const before = await cards().count();
  await page.locator('#say').press('End');
  await page.keyboard.type(text);
  await page.locator('#say').press('Enter');
  await expect.poll(() => cards().count(), { timeout: 15_000 }).toBeGreaterThan(before);
  const id = await cards().last().getAttribute('data-message-id');
  return page.locator(`.card[data-message-id="${id}"]`);
}

/** Picks a file through "+", as a person would: the menu, then the file chooser. */
async function attach(kind: '图片' | '文件', file: { name: string; mimeType: string; buffer: Buffer }) {
  await page.locator('#plus').click();
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.locator(kind === '图片' ? '#pick-image' : '#pick-file').click(),
  ]);
  await chooser.setFiles(file);
}

async function expectClean() {
  expect(await renderErrors(page)).toEqual([]);
  expect(problems).toEqual([]);
}

describe.skipIf(SKIP_BROWSER)('groups and photos in the web chat, in a real browser', () => {
  beforeAll(async () => {
    h = await startHarness();
    const [unit] = await h.db.select({ id: units.id }).from(units).where(eq(units.code, 'asset'));
    assetUnit = String(unit!.id);
    // 何静's inspection of a running contract left 张伟 one item to rectify.
    const { contract } = await createContract(h, {
      startsOn: `${addMonths(MONTH, -3)}-01`,
      endsOn: `${addMonths(MONTH, 9)}-01`,
    });
    const team = h.person('何静');
    const menu = await askMenu(h.sb, team);
    await h.sb.click(team, menu, '专项督查');
    await h.sb.click(team, menu, { a: 'inspection.form', contract: contract.id });
    expect(titleOf(h.sb.message(menu.messageId))).toMatch(/^登记专项督查 · /);
    const recorded = await h.sb.click(team, menu, '登记督查', {
      inspected_on: `${TODAY} +0800`,
      participants: '何静、郑毅',
      checked: '保洁作业现场、人员在岗及台账',
      finding_1: '楼道垃圾未及时清运',
      owner_1: h.person('张伟'),
      due_1: `${addWorkingDays(TODAY, 5)} +0800`,
      severity_1: 'minor',
    });
    expect(recorded.toast).toMatchObject({ type: 'success' });
    await h.sb.waitFor(() =>
      botCards(h.sb.inbox(h.person('张伟'))).find((m) => titleOf(m)?.startsWith('整改事项 · ')),
    );
    browser = await launch();
    const opened = await openChat(browser, h.sb, 1100, 900);
    page = opened.page;
    problems = opened.problems;
    base = opened.url;
    page.setDefaultTimeout(10_000);
  }, 90_000);
  beforeEach((ctx) => {
    onTestFailed(async () => {
      await page?.screenshot({
        path: `/tmp/web-groups-failed-${ctx.task.name.slice(0, 8)}.png`,
        fullPage: true,
      });
    });
  });
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('王建国 sees each person with their roles, creates a group from 新建群聊, and the bot joins it', async () => {
    await as('王建国');
    const person = (name: string) => page.locator('#people .side-item', { hasText: name });
    await expect(person('王建国').locator('.side-sub').textContent()).resolves.toBe(
      '资产经营公司 · 单位领导班子、分管班子成员',
    );
    await expect(person('郑毅').locator('.side-sub').textContent()).resolves.toBe('纪检监察(全区)');

    await page.locator('#new-group').click();
    await page.locator('#group-name').fill(GROUP_NAME);
    for (const name of ['李秀英', '张伟'])
      await page.locator(`#group-members input[data-name="${name}"]`).check();
    await shot(page.locator('#group-dialog'), 'web-chat-new-group');
    await page.locator('#group-create').click();
    await toast(`已创建群聊「${GROUP_NAME}」`);
    await expect(page.locator('#chat-title').textContent()).resolves.toBe(`${GROUP_NAME}（3 人）`);
    groupId = new URL(page.url()).searchParams.get('chat') ?? '';
    // The bot was added: it greets the group (im.chat.member.bot.added_v1 reached it).
    await expect.poll(() => cards().count(), { timeout: 15_000 }).toBeGreaterThan(0);

    // In each member's chat list, and in no one else's.
    for (const [who, member] of [
      ['李秀英', true],
      ['张伟', true],
      ['孙丽', false],
    ] as const) {
      await as(who);
      await expect(page.locator('#chats .side-item', { hasText: GROUP_NAME }).count()).resolves.toBe(
        member ? 1 : 0,
      );
    }
    await expectClean();
  }, 60_000);

  it('王建国 binds it as the leadership group from the bot\'s card, addressing the bot with "@"', async () => {
    await as('王建国', groupId);
    await page.locator('#mention').click();
    await expect(page.locator('#say').inputValue()).resolves.toBe('@机器人 ');
    const menu = await ask('菜单');
    await press(menu, '绑定本群');
    await menu.locator('.card-header .title', { hasText: '本群绑定' }).waitFor();
    await menu.locator('select[data-name="leadership_unit"]').selectOption(assetUnit);
    await press(menu, '绑定为领导班子群');
    await toast('已绑定为领导班子群');
    const [bound] = await h.sql`select kind, unit_id from group_bindings where chat_id = ${groupId}`;
    expect(bound).toMatchObject({ kind: 'leadership', unit_id: assetUnit });
    // A message without "@" reaches the group but not the bot, as in Feishu.
    const before = await cards().count();
    await page.locator('#say').fill('各位好,采购审批请在群里处理');
    await page.locator('#say').press('Enter');
    await page.locator('.msg.mine .bubble', { hasText: '各位好' }).waitFor();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await cards().count()).toBe(before);
    await expectClean();
  }, 60_000);

  it('a purchase 张伟 files comes to the group for collective decision; 王建国 approves it there', async () => {
    const requestId = await fileStandard(h, '150000');
    await as('王建国', groupId);
    const approval = page.locator('.card', { hasText: `#${requestId}` }).last();
    await expect.poll(() => approval.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await approval.locator('input[data-name="meeting_date"]').fill(TODAY);
    await approval.locator('[data-name="minutes_no"]').fill('2026-第31次');
    await press(approval, '同意');
    await toast('已同意');
    await expect.poll(() => approval.textContent(), { timeout: 15_000 }).toContain('已同意');
    await shot(page.locator('#main'), 'web-chat-group');
    await expectClean();
  }, 60_000);

  it('张伟 sends a site photo from "+", attaches it to his item and submits; 何静 confirms it closed', async () => {
    await as('张伟');
    await attach('图片', { name: '现场照片.png', mimeType: 'image/png', buffer: PNG });
    const img = page.locator('.msg.mine img.image-msg').last();
    await img.waitFor();
    await expect
      .poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth))
      .toBe(1);
    // The bot offers the photo for his open item; attaching downloads it and keeps its SHA-256.
    const offered = page.locator('.card', { hasText: '附加到此整改事项' }).last();
    await expect.poll(() => offered.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    // The offer card turns into the item's card: held by its message, not by its text.
    const offer = page.locator(`.card[data-message-id="${await offered.getAttribute('data-message-id')}"]`);
    await press(offer, '附加到此整改事项');
    const sha = createHash('sha256').update(PNG).digest('hex');
    await expect.poll(() => offer.textContent(), { timeout: 15_000 }).toContain(sha.slice(0, 12));
    await offer.locator('[data-name="evidence"]').fill('楼道垃圾已全部清运,增设每日清运班次,现场照片已附');
    await press(offer, '提交整改');
    const status = async () =>
      (
        await h.sql`select status from rectification_items where owner_id = (select id from people where name = '张伟')`
      )[0]?.status;
    await expect.poll(status, { timeout: 15_000 }).toBe('submitted');

    await as('何静');
    const review = page.locator('.card', { hasText: '确认销号' }).last();
    await expect.poll(() => review.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect(review.textContent()).resolves.toContain(sha.slice(0, 12));
    await press(review, '确认销号');
    await toast('已确认销号');
    expect(await status()).toBe('closed');
    const images = await h.sql`select sha256 from evidence_images`;
    expect(images.map((r) => r.sha256)).toEqual([sha]);
    await expectClean();
  }, 90_000);

  it('a file 李秀英 sends from "+" in the group shows its name and size to every member', async () => {
    await as('李秀英', groupId);
    const minutes = Buffer.from('领导班子会议纪要\n'.repeat(200));
    await attach('文件', { name: '会议纪要.txt', mimeType: 'text/plain', buffer: minutes });
    const shown = page.locator('.msg.mine a.file-msg').last();
    await shown.waitFor();
    await expect(shown.locator('.file-name').textContent()).resolves.toBe('会议纪要.txt');
    await expect(shown.locator('.file-size').textContent()).resolves.toBe(
      `${(minutes.length / 1024).toFixed(1)} KB`,
    );
    await as('王建国', groupId);
    await page.locator('a.file-msg', { hasText: '会议纪要.txt' }).waitFor();
    const sent = h.sb.inbox(h.person('王建国')).find((m) => m.msgType === 'file' && m.chatId === groupId);
    expect(sent?.file).toEqual({ name: '会议纪要.txt', size: minutes.length });
    await expectClean();
  }, 60_000);
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { botCards, titleOf } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ transport: 'ws' });
});
afterAll(() => h.stop());

it('with FEISHU_TRANSPORT=ws the bot answers a message and a card click over the long connection', async () => {
  const zhang = h.person('张伟');
  expect(h.sb.hub.connected()).toBe(1);
  const said = await h.sb.say(zhang, '你好');
  expect(said.via).toBe('ws');
  const menu = await h.sb.waitFor(() => botCards(h.sb.inbox(zhang))[0]);
  expect(titleOf(menu)).toBe('政府购买服务监管助手');

  const click = await h.sb.click(zhang, menu, '使用帮助');
  expect(click.delivery.via).toBe('ws');
  expect(click.delivery.status).toBe('ok');
  expect(titleOf(h.sb.message(menu.messageId))).toBe('使用帮助');

  const toast = await h.sb.click(zhang, h.sb.message(menu.messageId)!, '返回主菜单');
  expect(titleOf(h.sb.message(menu.messageId))).toBe('政府购买服务监管助手');
  expect(toast.delivery.via).toBe('ws');
});

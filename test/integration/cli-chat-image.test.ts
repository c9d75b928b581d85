import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addWorkingDays, shanghaiDate } from '../../src/domain/calendar';
import { addMonths, monthOfDate } from '../../src/domain/months';
import { p2pChatId } from '../../src/sandbox';
import { askMenu, botCards, titleOf } from '../helpers/cards';
import { spawnChat } from '../helpers/chat-cli';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';
import { leaks } from '../unit/cli/leaks';

/**
 * `npm run chat`'s `/image PATH` reaches the bot as Feishu's client sends a picture: an image message
 * (message_type image, its image_key) in the private chat, which the bot answers only for an image:
 * the owner of an open rectification item is offered the photo for it (photos.ts offerPhoto), and
 * attaching it downloads the very bytes of the file on disk (kept by their SHA-256).
 */
let h: Harness;
let dir: string;
const children: ChildProcessWithoutNullStreams[] = [];
// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  h = await startHarness();
  dir = mkdtempSync(join(tmpdir(), 'gps-chat-image-'));
  // 何静's inspection of a running contract leaves 张伟 one item to rectify.
  const today = shanghaiDate(h.now());
  const month = monthOfDate(today);
  const { contract } = await createContract(h, {
    startsOn: `${addMonths(month, -3)}-01`,
    endsOn: `${addMonths(month, 9)}-01`,
  });
  const team = h.person('何静');
  const menu = await askMenu(h.sb, team);
  await h.sb.click(team, menu, '专项督查');
  await h.sb.click(team, menu, { a: 'inspection.form', contract: contract.id });
  const recorded = await h.sb.click(team, menu, '登记督查', {
    inspected_on: `${today} +0800`,
    participants: '何静、郑毅',
    checked: '保洁作业现场、人员在岗及台账',
    finding_1: '楼道垃圾未及时清运',
    owner_1: h.person('张伟'),
    due_1: `${addWorkingDays(today, 5)} +0800`,
    severity_1: 'minor',
  });
  expect(recorded.toast).toMatchObject({ type: 'success' });
  await h.sb.waitFor(() =>
    botCards(h.sb.inbox(h.person('张伟'))).find((m) => titleOf(m)?.startsWith('整改事项 · ')),
  );
}, 60_000);
afterAll(async () => {
  for (const c of children) c.kill();
  rmSync(dir, { recursive: true, force: true });
  await h.stop();
});

it("/image sends an image message the bot offers for 张伟's open item, and attaching keeps the file's bytes", async () => {
  const png = join(dir, '现场 照片.png');
  writeFileSync(png, PNG);
  const zhang = spawnChat(children, '张伟', { sandboxUrl: h.sb.url });
  await zhang.see('/image 图片路径');
  zhang.send(`/image "${png}"`);
  await zhang.see('已发送图片');
  // Only an image message is offered: a text or a file would get the menu.
  await zhang.see('附加到此整改事项');

  const inbox = h.sb.inbox(h.person('张伟'));
  const sent = inbox.filter((m) => m.sender === 'user');
  expect(sent.map((m) => [m.msgType, m.chatId])).toEqual([['image', p2pChatId(h.person('张伟'))]]);
  const imageKey = (sent[0]!.content as { image_key?: string }).image_key;
  expect(imageKey).toMatch(/^img_/);

  zhang.send(String(zhang.num('附加到此整改事项')));
  const sha = createHash('sha256').update(PNG).digest('hex');
  await zhang.see(sha.slice(0, 12));
  zhang.send('/quit');
  const rows = await h.sql`select sha256, bytes, message_id, file_key from evidence_images`;
  expect(rows.map((r) => ({ ...r, bytes: Buffer.from(r.bytes).toString('base64') }))).toEqual([
    { sha256: sha, bytes: PNG.toString('base64'), message_id: sent[0]!.messageId, file_key: imageKey },
  ]);
  expect(leaks(zhang.out)).toEqual([]);
}, 90_000);

import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawnChat } from '../helpers/chat-cli';
import { type Harness, startHarness } from '../helpers/harness';
import { leaks } from '../unit/cli/leaks';

/**
 * `npm run chat` with groups and attachments (issue 24, point 5): /group creates a group with the
 * people named (the bot joins and greets it), `@机器人` in it reaches the bot, /image and /file send
 * from a path, /to moves between chats; the other members see it all, a file by its name and size.
 * Everything printed is Chinese (no JSON, no open_id).
 */
let h: Harness;
let dir: string;
const children: ChildProcessWithoutNullStreams[] = [];
beforeAll(async () => {
  h = await startHarness();
  dir = mkdtempSync(join(tmpdir(), 'gps-chat-files-'));
});
afterAll(async () => {
  for (const c of children) c.kill();
  rmSync(dir, { recursive: true, force: true });
  await h.stop();
});

function chat(as: string) {
  return spawnChat(children, as, { sandboxUrl: h.sb.url });
}

it('/group, @机器人, /image, /file, /chats and /to, as 王建国; 张伟 sees the group and the file', async () => {
  const png = join(dir, '现场照片.png');
  writeFileSync(
    png,
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    ),
  );
  const minutes = join(dir, '会议纪要.txt');
  writeFileSync(minutes, 'x'.repeat(2048));
  const wang = chat('王建国');
  await wang.see('/image 图片路径(PNG/JPG),/file 文件路径');
  wang.send('/group 班子群');
  await wang.see('用法:/group 群名称 成员1,成员2');
  wang.send('/group 班子群 李秀英，张伟');
  await wang.see('已创建群聊「班子群」(王建国、李秀英、张伟),机器人已加入');
  // The bot's greeting in the group, marked with the group's name.
  await wang.see('[机器人 · 群「班子群」]');
  wang.send('@机器人 菜单');
  await wang.see('绑定本群');
  wang.send(`/file ${minutes}`);
  await wang.see('已发送文件 会议纪要.txt');
  wang.send(`/image ${join(dir, '没有这个.png')}`);
  await wang.see(`读不到文件 ${join(dir, '没有这个.png')}`);
  wang.send(`/image ${minutes}`);
  await wang.see('只能发送 PNG 或 JPG 图片');
  wang.send('/chats');
  await wang.see('2. 群「班子群」 ← 当前');
  wang.send('/to 财务群');
  await wang.see('没有叫「财务群」的群,您所在的群:班子群');
  wang.send('/to');
  await wang.see('现在与机器人私聊');
  wang.send(`/image ${png}`);
  await wang.see('已发送图片');
  wang.send('/quit');

  const group = h.sb.inbox(h.person('王建国')).find((m) => m.msgType === 'file')!;
  expect(group.file).toEqual({ name: '会议纪要.txt', size: 2048 });
  const mine = h.sb.inbox(h.person('王建国')).filter((m) => m.sender === 'user');
  expect(mine.map((m) => [m.msgType, m.chatId === group.chatId])).toEqual([
    ['text', true],
    ['file', true],
    ['image', false],
  ]);

  const zhang = chat('张伟');
  await zhang.see('[王建国 · 群「班子群」]');
  await zhang.see('📄 会议纪要.txt(2.0 KB)');
  zhang.send('/to 班子群');
  await zhang.see('现在在群「班子群」发言(写 @机器人 它才会回复)');
  zhang.send('大家好');
  await new Promise((r) => setTimeout(r, 1000));
  zhang.send('/quit');
  const said = h.sb.inbox(h.person('王建国')).find((m) => m.senderOpenId === h.person('张伟'));
  expect(said).toMatchObject({ chatId: group.chatId, content: { text: '大家好' } });
  for (const out of [wang.out, zhang.out]) expect(leaks(out)).toEqual([]);
}, 120_000);

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { shanghaiDate } from '../../src/domain/calendar';
import { askMenu } from '../helpers/cards';
import { spawnChat } from '../helpers/chat-cli';
import { type Harness, startHarness } from '../helpers/harness';
import { leaks } from '../unit/cli/leaks';

/**
 * `npm run chat` as a new user would use it, against a harness sandbox: the menu, buttons, a select
 * by position, person pickers by position, a multi-line text (`|` and a trailing `\`), a date with
 * its hint. Everything the terminal printed must be Chinese: no JSON, no open_id, no enum name.
 * (The demo's transcript is checked the same way in demo.test.ts.)
 */
let h: Harness;
const chats: ChildProcessWithoutNullStreams[] = [];
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  for (const c of chats) c.kill();
  await h.stop();
});

function chat(as: string, tmp?: string) {
  return spawnChat(chats, as, tmp ? { tmp } : { sandboxUrl: h.sb.url });
}

it('npm run chat speaks Chinese only: names, options by position, multi-line, dates', async () => {
  const zw = chat('张伟');
  await zw.see('以 张伟 的身份');
  zw.send('菜单');
  await zw.see('【政府购买服务监管助手】');
  await zw.see('发起采购');
  zw.send(String(zw.num('发起采购')));
  await zw.see('第1步/共5步');
  await zw.see('取消草稿');
  // Options go by position only: 3 is the third option shown, whatever its value.
  const budget = zw.num('预算额度');
  expect(zw.out).toMatch(/选项\(填编号\):1\.[^|]*保洁[^|]*\| 2\.[^|]*绿化养护[^|]*\| 3\.[^|]*保安/);
  zw.send(`${budget}=3`);
  // The demo budget is seeded for the year the app's clock is in.
  await zw.see(
    `已填写 预算额度(单位 · 类别 · 剩余) = 资产经营公司 · ${shanghaiDate(h.now()).slice(0, 4)}年 · 保安`,
  );
  zw.send(`${budget}=9`);
  await zw.see('请填选项编号 1–3');
  zw.send(`${zw.num('服务内容')}=园区夜间巡逻|安保服务`);
  await zw.see('已填写 服务内容 = 园区夜间巡逻 / 安保服务');
  zw.send(String(zw.num('下一步')));
  await zw.see('第2步/共5步');
  await zw.see('取消草稿');
  // A trailing backslash continues the text box on the next line.
  zw.send(`${zw.num('为何外包')}=本单位无专职人员\\`);
  zw.send('外包更专业并可规避用工风险');
  await zw.see('已填写 为何外包 = 本单位无专职人员 / 外包更专业并可规避用工风险');
  zw.send(`${zw.num('询价供应商数')}=3`);
  zw.send(`${zw.num('市场价格下限')}=15万`);
  zw.send(`${zw.num('市场价格上限')}=25万`);
  await zw.see('已填写 市场价格上限 = 25万');
  zw.send(String(zw.num('下一步')));
  await zw.see('第3步/共5步');
  await zw.see('取消草稿');
  zw.send(`${zw.num('预估金额')}=199999.99`);
  zw.send(`${zw.num('拟采用的采购方式')}=1`);
  await zw.see('已填写 拟采用的采购方式 = 公开招标');
  zw.send(String(zw.num('下一步')));
  await zw.see('第4步/共5步');
  await zw.see('取消草稿');
  // People by name: each picker lists, by name, who holds its role in the line's unit; picks by position.
  expect(zw.out).toMatch(/分管班子成员 — 选项\(填编号\):1\.王建国\n/);
  expect(zw.out).toMatch(/职能科室负责人 — 选项\(填编号\):1\.李秀英\n/);
  zw.send(`${zw.num('分管班子成员')}=1`);
  zw.send(`${zw.num('职能科室负责人')}=1`);
  zw.send(`${zw.num('考核人')}=1`);
  await zw.see('已填写 考核人(可多选) = 张伟');
  zw.send(String(zw.num('下一步')));
  await zw.see('第5步/共5步');
  await zw.see('取消草稿');
  zw.send(String(zw.num('提交审批')));
  await zw.see('【成功】已提交采购申请');

  // The leader decides in the terminal: a date with its format hint, and a refused bad date.
  const wjg = chat('王建国');
  await wjg.see('领导班子会议日期');
  expect(wjg.out).toContain('格式 YYYY-MM-DD,例如 2026-12-01');
  await wjg.see('驳回');
  await new Promise((r) => setTimeout(r, 500));
  const date = wjg.num('领导班子会议日期');
  wjg.send(`${date}=20261120`);
  await wjg.see('格式为 YYYY-MM-DD');
  // Met on the filing day: a meeting before the filing is refused (the order of dates).
  wjg.send(`${date}=${shanghaiDate(h.now())}`);
  wjg.send(`${wjg.num('会议纪要编号')}=2026-第12次`);
  await wjg.see('已填写 会议纪要编号 = 2026-第12次');
  wjg.send(String(wjg.num('同意')));
  await wjg.see('【成功】已同意');
  // The decided card has no controls left: a number is refused, not sent to the bot as a message.
  await wjg.see('✅ 已同意');
  wjg.send('4');
  await wjg.see('当前没有可操作的卡片');
  zw.send('/quit');
  wjg.send('/quit');

  const [request] = await h.sql`select amount_fen::text as amount, status from purchase_requests`;
  expect(request).toMatchObject({ amount: '19999999' });
  for (const out of [zw.out, wjg.out]) {
    expect(leaks(out)).toEqual([]);
    expect(out).not.toMatch(/\d\.\d{3,}万元/);
  }
}, 120_000);

it('npm run chat finds a non-default sandbox port from the file the running bot leaves', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'gps-chat-'));
  try {
    writeFileSync(join(tmp, 'gps-sandbox.url'), `${h.sb.url}\n`);
    const c = chat('李秀英', tmp);
    await c.see(`以 李秀英 的身份与机器人对话(沙箱 ${h.sb.url})`);
    c.send('/quit');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}, 30_000);

/** Runs a command-line entry against the harness's database; its exit code and everything it printed. */
function cliRun(file: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number; out: string }>((resolve) => {
    const child = spawn('node_modules/.bin/tsx', [file, ...args], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: h.dbUrl, ...env },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

/**
 * Every line Chinese: CJK in it, none of the English the commands used to print, no JSON or enum
 * names. `path` (a file the command names, which is English) is left out of the check.
 */
function expectChinese(printed: string, path = '\0') {
  const out = printed.replaceAll(path, '');
  const lines = out.trim().split('\n');
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(line, line).toMatch(/[\u4e00-\u9fff]/);
  expect(out).not.toMatch(
    /\b(OK|FAIL|FAILED|MATCH|MISMATCH|failed|missing|removed|anchors?|chains?|rows?|seq)\b/,
  );
  expect(leaks(out)).toEqual([]);
}

it('npm run spotcheck:verify speaks Chinese and keeps its exit codes: 0 on a match, 1 otherwise', async () => {
  const zy = h.person('郑毅');
  const menu = await askMenu(h.sb, zy);
  await h.sb.click(zy, menu, '抽查');
  const month = shanghaiDate(h.now()).slice(0, 7);
  await h.sb.click(zy, menu.messageId, '确认范围', { from_month: month, to_month: month, size: '1' });
  await h.sb.click(zy, menu.messageId, '抽取');
  const [check] = await h.sql`select id from spot_checks order by id desc limit 1`;
  const ok = await cliRun('src/cli/spotcheck-verify.ts', ['--', String(check!.id)]);
  expect(ok.code, ok.out).toBe(0);
  expect(ok.out).toContain(`抽样一致:抽查 #${check!.id}`);
  expectChinese(ok.out);
  const missing = await cliRun('src/cli/spotcheck-verify.ts', ['--', '999999']);
  expect(missing).toEqual({ code: 1, out: '抽查 #999999 不存在\n' });
  const usage = await cliRun('src/cli/spotcheck-verify.ts', []);
  expect(usage.code).toBe(1);
  expectChinese(usage.out);
}, 60_000);

it('npm run audit:verify speaks Chinese and keeps its exit codes: 0 intact, 1 tampered, 2 unable', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'gps-audit-cli-'));
  const env = { AUDIT_ANCHOR_FILE: join(tmp, 'audit-anchors.jsonl') };
  try {
    const intact = await cliRun('src/cli/audit-verify.ts', [], env);
    expect(intact.code, intact.out).toBe(0);
    expect(intact.out.trim().split('\n').at(-1)).toBe('审计核验:通过');
    expectChinese(intact.out, env.AUDIT_ANCHOR_FILE);
    writeFileSync(env.AUDIT_ANCHOR_FILE, 'not an anchor\n');
    const edited = await cliRun('src/cli/audit-verify.ts', [], env);
    expect(edited.code, edited.out).toBe(1);
    expect(edited.out).toContain('审计核验:发现问题 — 锚点文件第 1 行不是锚点:文件被编辑或截断');
    expect(edited.out.trim().split('\n').at(-1)).toBe('审计核验:未通过(1 项问题)');
    expectChinese(edited.out, env.AUDIT_ANCHOR_FILE);
    const bad = await cliRun('src/cli/audit-verify.ts', ['--digest', 'xyz'], env);
    expect(bad).toEqual({
      code: 2,
      out: '审计核验:无法完成 — --digest 应为锚点消息中的 64 位十六进制摘要\n',
    });
    const down = await cliRun('src/cli/audit-verify.ts', [], {
      ...env,
      DATABASE_URL: 'postgres://nobody:none@127.0.0.1:1/none',
    });
    expect(down.code, down.out).toBe(2);
    expect(down.out).toMatch(/^审计核验:无法完成 — /);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}, 60_000);

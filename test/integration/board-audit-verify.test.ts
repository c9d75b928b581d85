/**
 * 审计核验 on the 纪检监察看板 (issue 22, point 5): a discipline officer checks the audit trail from
 * the board as `audit:verify` does (chains, anchors, state rows without audit rows) and reads the
 * answer in Chinese; each kind of tampering is named on the card; anyone who may not see the board
 * (finance, an assessor, a stranger) is refused; the click writes nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NOT_DISCIPLINE } from '../../src/features/board/scope';
import type { MessageView } from '../../src/sandbox';
import { botCards, forgeCardCallback, titleOf } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let dir: string;
let anchorFile: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gps-audit-verify-'));
  anchorFile = join(dir, 'audit-anchors.jsonl');
  // The demo zone's own trail (its import is audited); test helpers that insert rows directly are not used.
  h = await startHarness({ audit: { anchorFile } });
}, 90_000);
afterAll(async () => {
  await h.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function openBoard(openId: string): Promise<MessageView> {
  const before = new Set(h.sb.inbox(openId).map((m) => m.messageId));
  await h.sb.say(openId, '看板');
  return h.sb.waitFor(() =>
    botCards(h.sb.inbox(openId)).find((m) => !before.has(m.messageId) && titleOf(m) === '纪检监察看板'),
  );
}

const writes = async () =>
  (
    await h.sql`select (select count(*)::int from audit_log) as a, (select count(*)::int from outbox) as o,
      (select count(*)::int from audit_anchors) as n`
  )[0];
const text = (x: unknown) => JSON.stringify(x);

it('an intact trail: 审计核验 · 通过, in Chinese, and the click writes nothing', async () => {
  const board = await openBoard(h.person('郑毅'));
  const before = await writes();
  const r = await h.sb.click(h.person('郑毅'), board.messageId, '审计核验');
  expect(r.toast).toBeUndefined();
  const card = text(r.card);
  expect(card).toContain('审计核验 · 通过');
  expect(card).toMatch(/审计链完好:\d+ 条审计链,共 \d+ 条记录/);
  expect(card).toContain('尚无锚点');
  expect(card).not.toContain('发现的问题');
  expect(card).not.toMatch(/\b(OK|FAILED|anchor|chains)\b/);
  expect(await writes()).toEqual(before);
});

it('a rewritten audit row, a state row without its audit row and an edited anchor file are each named', async () => {
  const board = await openBoard(h.person('郑毅'));
  const [row] = await h.sql`select id, aggregate_type, aggregate_id, seq from audit_log order by id limit 1`;
  await h.sql.begin(async (q) => {
    await q`alter table audit_log disable trigger user`;
    await q`update audit_log set data = '{"forged":true}' where id = ${row!.id}`;
    await q`alter table audit_log enable trigger user`;
  });
  const [planted] = await h.sql`insert into vendors (name, uscc, contact_name, created_by)
    values ('无审计记录物业', '91110000MA01AB2C3Y', '某人', 'test') returning id`;
  writeFileSync(anchorFile, 'not an anchor\n');
  const before = await writes();
  const r = await forgeCardCallback(h, h.person('郑毅'), board.messageId, { a: 'board.verify' }, {});
  const card = text(r);
  expect(card).toContain('审计核验 · 发现问题');
  expect(card).toContain('发现 3 项问题');
  expect(card).toContain(
    `审计链发现问题:${row!.aggregate_type}/${row!.aggregate_id} 第 ${row!.seq} 条(行 id=${row!.id})记录被篡改`,
  );
  expect(card).toContain('锚点文件第 1 行不是锚点:文件被编辑或截断');
  expect(card).toContain(`服务商(vendors):1 行没有任何审计记录(vendor/${planted!.id})`);
  expect(await writes()).toEqual(before);
});

it('finance, an assessor and a stranger are refused; the card they hold grants nothing', async () => {
  const board = await openBoard(h.person('郑毅'));
  h.sb.addUser({ openId: 'ou_audit_stranger', name: '路人' });
  for (const who of [h.person('孙丽'), h.person('张伟'), 'ou_audit_stranger']) {
    const r = await forgeCardCallback(h, who, board.messageId, { a: 'board.verify' }, {});
    expect(r.toast?.type).toBe('error');
    if (who !== 'ou_audit_stranger') expect(r.toast).toMatchObject({ content: NOT_DISCIPLINE });
    expect((r as { card?: unknown }).card).toBeUndefined();
  }
});

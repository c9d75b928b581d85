/**
 * Issue 20 point 7: typed text is bounded where it is typed and never cut later. A finding, a
 * participant list and a reopen reason at the form's maximum are stored whole (the stored length is
 * the typed length); one character more is refused at entry, naming the field and the limit, and
 * changes nothing. A control character in any event field (the operator's open_id, a form value, a
 * message's text) gets a clear refusal, never 系统繁忙, and changes nothing.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addWorkingDays, shanghaiDate } from '../../src/domain/calendar';
import { CONTROL_CHARS_REFUSAL } from '../../src/domain/form';
import { addMonths, monthOfDate } from '../../src/domain/months';
import { cardActionTriggered, type Envelope, messageReceived } from '../../src/sandbox/envelopes';
import { sealEnvelope } from '../../src/sandbox/event-crypto';
import { sleep } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

const GENERIC = '系统繁忙';
/** The card's max_length of every free-text field here (domain/form MAX_FIELD_CHARS). */
const MAX = 1000;

let h: Harness;
let p: (name: string) => string;
let contractId: number;
let today: string;
let tables: string[];

beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  today = shanghaiDate(h.now());
  const month = monthOfDate(today);
  const c = await createContract(h, {
    startsOn: `${addMonths(month, -3)}-01`,
    endsOn: `${addMonths(month, 9)}-01`,
  });
  contractId = c.contract.id;
  const rows = await h.sql<{ name: string }[]>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> '__drizzle_migrations'`;
  tables = rows.map((r) => r.name);
}, 60_000);
afterAll(() => h?.stop());

/**
 * Row counts of every table, the event claims included: a refusal here claims nothing either. Taken
 * once the relay has sent what earlier steps queued (a sent message records its chat in `chats`).
 */
async function counts(): Promise<Record<string, number>> {
  await h.sb.waitFor(async () => {
    const [r] = await h.sql<{ n: number }[]>`select count(*)::int as n from outbox where status = 'pending'`;
    return r!.n === 0;
  });
  await sleep(50);
  const q = tables.map((t) => `select '${t}' as t, count(*)::int as n from "${t}"`).join(' union all ');
  const rows = await h.sql.unsafe<{ t: string; n: number }[]>(q);
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

const app = () => ({
  appId: h.sb.appId,
  verificationToken: h.sb.verificationToken,
  tenantKey: h.sb.tenantKey,
  now: () => h.now().getTime(),
});

/** POSTs an envelope to the bot's webhook, encrypted and signed as Feishu does, at the app's time. */
async function post(
  env: Envelope,
): Promise<{ status: number; body: { toast?: { type: string; content: string } } }> {
  const sealed = sealEnvelope(env, {
    encryptKey: h.sb.encryptKey,
    timestamp: Math.floor(h.now().getTime() / 1000),
  });
  const res = await fetch(`http://127.0.0.1:${h.app.port}/feishu/events`, {
    method: 'POST',
    headers: sealed.headers,
    body: sealed.body,
  });
  return { status: res.status, body: (await res.json()) as { toast?: { type: string; content: string } } };
}

/** A click as a forged or outdated client could send it (the sandbox's own click keeps to max_length). */
function click(openId: string, value: object, form: Record<string, unknown>) {
  const user = { ...h.sb.users().find((u) => u.openId === p('何静'))!, openId };
  return post(
    cardActionTriggered(app(), {
      user,
      updateToken: 'c-forged',
      action: { tag: 'button', value, form_value: form },
      messageId: 'om_forged',
      chatId: '',
    }),
  );
}

/** A jsonb column as postgres.js returns it here (drizzle writes jsonb as an encoded string). */
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/** Each input of a card (at any depth) by name, with its max_length. */
function inputsOf(card: unknown): Map<string, number | undefined> {
  const found = new Map<string, number | undefined>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.tag === 'input' && typeof o.name === 'string') found.set(o.name, o.max_length as number);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** `n` characters of Chinese text, distinct per `seed` (the same checked text twice is a duplicate). */
const chinese = (n: number, seed: string) => `${seed}${'长'.repeat(n - [...seed].length)}`;

/** Names joined by 、 filling exactly `n` characters: two-character names, one of three if `n` is even. */
function participantsOf(n: number): { typed: string; names: string[] } {
  const names: string[] = [];
  let used = -1;
  for (let i = 0; used + 3 <= n; i++) {
    names.push(`人${String.fromCharCode(0x4e00 + i)}`);
    used += 3;
  }
  if (used < n) names[names.length - 1] = `${names.at(-1)}${'甲'.repeat(n - used)}`;
  const typed = names.join('、');
  expect([...typed].length).toBe(n);
  return { typed, names };
}

const due = () => `${addWorkingDays(today, 5)} +0800`;
let seq = 0;
const inspection = (over: Record<string, unknown>) => ({
  inspected_on: `${today} +0800`,
  participants: '何静、郑毅',
  checked: chinese(20, `检查${++seq}`),
  finding_1: '楼道垃圾未及时清运',
  owner_1: p('李秀英'),
  due_1: due(),
  severity_1: 'major',
  ...over,
});

it('a finding, the participants and what was checked at the card maximum are stored whole', async () => {
  // The card as the bot answers 登记督查 with: each of these inputs takes at most MAX characters.
  const opened = await click(p('何静'), { a: 'inspection.form', contract: contractId }, {});
  const inputs = inputsOf((opened.body as { card?: { data?: unknown } }).card?.data);
  for (const name of ['finding_1', 'participants', 'checked']) expect(inputs.get(name)).toBe(MAX);

  const finding = chinese(MAX, '发现');
  const checked = chinese(MAX, '检查');
  const people = participantsOf(MAX);
  const r = await click(
    p('何静'),
    { a: 'inspection.record', contract: contractId },
    inspection({ finding_1: finding, checked, participants: people.typed }),
  );
  expect(r.body.toast).toMatchObject({ type: 'success' });
  const [row] = await h.sql<{ participants: unknown; checked: string; finding: string }[]>`
    select i.participants, i.checked, r.finding from inspections i
    join rectification_items r on r.inspection_id = i.id where i.checked = ${checked}`;
  expect([...row!.finding].length).toBe(MAX);
  expect(row!.finding).toBe(finding);
  expect([...row!.checked].length).toBe(MAX);
  const participants = json<string[]>(row!.participants);
  expect(participants).toEqual(people.names);
  expect(participants.length).toBeGreaterThan(20);
}, 60_000);

it('one character past the limit is refused, naming the field and the limit, and changes nothing', async () => {
  const before = await counts();
  const cases: [Record<string, unknown>, string][] = [
    [{ finding_1: chinese(MAX + 1, '发现') }, `「问题1的描述」最多${MAX}字,当前${MAX + 1}字`],
    [{ finding_1: chinese(MAX + 203, '发现') }, `「问题1的描述」最多${MAX}字,当前${MAX + 203}字`],
    [{ participants: participantsOf(MAX + 1).typed }, `「参加人员」最多${MAX}字,当前${MAX + 1}字`],
    [{ checked: chinese(MAX + 1, '检查') }, `「督查内容」最多${MAX}字,当前${MAX + 1}字`],
  ];
  for (const [over, message] of cases) {
    const r = await click(p('何静'), { a: 'inspection.record', contract: contractId }, inspection(over));
    expect(r.status).toBe(200);
    expect(r.body.toast?.type).toBe('error');
    expect(r.body.toast?.content).toContain(message);
  }
  expect(await counts()).toEqual(before);
}, 60_000);

it('a reopen reason of 1000 characters is kept whole; 1001 is refused and changes nothing', async () => {
  const [item] = await h.sql<{ id: number }[]>`
    select id from rectification_items where contract_id = ${contractId} order by id limit 1`;
  const itemId = Number(item!.id);
  const evidence = chinese(MAX, '整改');
  const closed = await click(p('李秀英'), { a: 'rectification.close', item: itemId }, { evidence });
  expect(closed.body.toast).toMatchObject({ type: 'success' });
  const [submitted] = await h.sql<{ evidence: string }[]>`
    select evidence from rectification_items where id = ${itemId}`;
  expect(submitted!.evidence).toBe(evidence);

  const before = await counts();
  const tooLong = await click(
    p('何静'),
    { a: 'rectification.reopen', item: itemId },
    { reason: chinese(MAX + 1, '复查') },
  );
  expect(tooLong.body.toast).toMatchObject({
    type: 'error',
    content: expect.stringContaining(`最多${MAX}字,当前${MAX + 1}字`),
  });
  expect(await counts()).toEqual(before);

  const reason = chinese(MAX, '复查');
  const reopened = await click(p('何静'), { a: 'rectification.reopen', item: itemId }, { reason });
  expect(reopened.body.toast).toMatchObject({ type: 'success', content: '已退回重新整改' });
  const [audit] = await h.sql<{ data: unknown }[]>`
    select data from audit_log where action = 'rectification.reopened' and aggregate_id = ${itemId}`;
  const stored = json<{ reason: string }>(audit!.data).reason;
  expect([...stored].length).toBe(MAX);
  expect(stored).toBe(reason);
  // The owner is told the whole reason.
  const [told] = await h.sql<{ n: number }[]>`
    select count(*)::int as n from outbox
    where receive_id = ${p('李秀英')} and position(${reason} in content::text) > 0`;
  expect(told!.n).toBe(1);
}, 60_000);

it('a signed click whose operator open_id holds U+0000 gets the clear refusal and changes nothing', async () => {
  const before = await counts();
  for (const openId of [`${p('何静')}\u0000`, '\u0000', `ou_x\u007f`, `ou_\ud800`]) {
    const r = await click(openId, { a: 'menu.show' }, {});
    expect(r.status).toBe(200);
    expect(r.body.toast).toEqual({ type: 'error', content: CONTROL_CHARS_REFUSAL });
  }
  expect(await counts()).toEqual(before);
  expect(h.logs.some((l) => l.includes('event refused: control characters') && l.includes('open_id'))).toBe(
    true,
  );
});

it('U+0000 in a form value is refused naming the field, not 系统繁忙, and changes nothing', async () => {
  const before = await counts();
  for (const over of [
    { finding_1: '楼道\u0000垃圾' },
    { participants: '何静\u0000' },
    { unknown_field: 'x\u0000' },
  ]) {
    const r = await click(p('何静'), { a: 'inspection.record', contract: contractId }, inspection(over));
    expect(r.body.toast?.type).toBe('error');
    expect(r.body.toast?.content).not.toContain(GENERIC);
    expect(r.body.toast?.content).toContain('含有不可见的控制字符,请删除后重试');
  }
  const named = await click(
    p('何静'),
    { a: 'inspection.record', contract: contractId },
    inspection({ finding_1: 'a\u0000b' }),
  );
  expect(named.body.toast?.content).toBe('「问题1的描述」含有不可见的控制字符,请删除后重试');
  expect(await counts()).toEqual(before);
});

it('a message with U+0000 in its text is answered plainly; one from an open_id with U+0000 is dropped and logged', async () => {
  const zhang = h.sb.users().find((u) => u.openId === p('张伟'))!;
  const chat = { chatId: `oc_p2p_nul_${Date.now()}`, type: 'p2p', name: '', members: [zhang.openId] };
  const queued = async () =>
    h.sql<{ content: unknown }[]>`select content from outbox order by created_at, id`;
  const already = (await queued()).length;
  const said = await h.sb.say(zhang.openId, '菜单\u0000');
  expect(said.httpStatus).toBe(200);
  // Answered with the refusal alone, not with the menu the unknown word would have brought.
  const replies = await h.sb.waitFor(async () => {
    const rows = await queued();
    return rows.length > already ? rows.slice(already) : undefined;
  });
  await sleep(300);
  expect((await queued()).slice(already)).toEqual(replies);
  expect(replies).toHaveLength(1);
  expect(JSON.stringify(replies[0]!.content)).toContain(CONTROL_CHARS_REFUSAL);

  const before = await counts();
  const dropped = await post(
    messageReceived(app(), {
      user: { ...zhang, openId: `${zhang.openId}\u0000` },
      chat: chat as never,
      messageId: `om_nul2_${Date.now()}`,
      text: '菜单',
      createdAt: h.now().getTime(),
    }),
  );
  expect(dropped.status).toBe(200);
  await sleep(300);
  expect(await counts()).toEqual(before);
  const [r] = await h.db.execute<{ n: number }>(sql`select count(*)::int as n from processed_events`);
  expect(r!.n).toBe(before.processed_events);
  expect(
    h.logs.some((l) => l.includes('event refused: control characters') && l.includes('"event":"message"')),
  ).toBe(true);
});

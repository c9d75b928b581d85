import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { DEV_AUDIT_KEY } from '../../src/audit/key';
import { DUPLICATE_ANSWER } from '../../src/bot/dispatcher';
import { DB_LOST } from '../../src/bot/inbound';
import { usccCheckChar } from '../../src/domain/uscc';
import { createLogger } from '../../src/log';
import type { MessageView, Sandbox } from '../../src/sandbox';
import { bootSandbox } from '../../src/sandbox-boot';
import { botCards, sleep } from '../helpers/cards';
import { createTestDb, type TestDb } from '../helpers/db';
import { type PrivateCluster, postgresBinDir, startPrivateCluster } from '../helpers/pg-cluster';
import { dropPrefix, REDIS_URL, testPrefix } from '../helpers/redis';
import { exited, spawnApp } from '../helpers/spawn-app';

/**
 * The bot survives its database going away with clicks in flight: PostgreSQL restarted (fast
 * shutdown), and separately the bot's sessions terminated by pg_terminate_backend. Each is tried
 * several times (the crash it guards against, postgres.js writing to a reserved connection's null
 * socket, came in 3 of 4 restarts). On a private cluster: the shared server on 5432 serves the
 * other test files and must not restart.
 *
 * The bot runs as its own process (a crash is an exit, not a failed assertion in this one), with
 * the wall clock: the sandbox signs each callback with its time and the bot checks it against its
 * own, and nothing here depends on the date (a vendor registration has none).
 */

const TRIALS = 3;
const CLICKS = 12;
const bins = postgresBinDir();

let cluster: PrivateCluster;
let tdb: TestDb;
let sb: Sandbox;
let feishu: Awaited<ReturnType<typeof bootSandbox>>['feishu'];
let bot: Awaited<ReturnType<typeof spawnApp>>;
let botUrl: string;
let killer: postgres.Sql;
let card: MessageView;
let zhang: string;
const prefix = testPrefix();
const anchorDir = mkdtempSync(join(tmpdir(), 'db-restart-'));

beforeAll(async () => {
  if (!bins) return;
  cluster = await startPrivateCluster();
  tdb = await createTestDb(4, cluster.url);
  killer = postgres(cluster.url, { max: 1, onnotice: () => {} });
  const boot = await bootSandbox(0, createLogger('silent'));
  sb = boot.sandbox;
  const org = await boot.seed(tdb.db);
  zhang = org.people.find((p) => p.name === '张伟')!.open_id;
  feishu = boot.feishu;
}, 60_000);

async function stopBot() {
  if (bot && bot.exitCode === null && bot.signalCode === null) {
    bot.kill('SIGTERM');
    await exited(bot);
  }
}

/** A bot process of its own for each scenario (a crash in one leaves the other to be judged). */
async function startBot() {
  const f = feishu;
  bot = await spawnApp(['--role', 'all'], {
    DATABASE_URL: tdb.appUrl,
    DATABASE_OWNER_URL: tdb.url,
    DATABASE_POOL_MAX: '8',
    AUDIT_KEY: DEV_AUDIT_KEY,
    AUDIT_ANCHOR_FILE: join(anchorDir, 'anchors.jsonl'),
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    FEISHU_APP_ID: f.appId,
    FEISHU_APP_SECRET: f.appSecret,
    FEISHU_ENCRYPT_KEY: f.encryptKey!,
    FEISHU_VERIFICATION_TOKEN: f.verificationToken,
    FEISHU_DOMAIN: f.domain,
    FEISHU_BOT_OPEN_ID: f.botOpenId,
    FEISHU_TRANSPORT: 'webhook',
    PORT: '0',
  });
  const port = Number(/"port":(\d+)[^\n]*"msg":"started"/.exec(bot.output())?.[1]);
  expect(port).toBeGreaterThan(0);
  botUrl = `http://127.0.0.1:${port}`;
  sb.setEventUrl(`${botUrl}/feishu/events`);
  // The vendor form, opened as a filer would: 菜单, then 供应商.
  const seen = botCards(sb.inbox(zhang)).length;
  await sb.say(zhang, '菜单');
  const menu = await sb.waitFor(() => botCards(sb.inbox(zhang))[seen], 15_000);
  await sb.click(zhang, menu, '供应商');
  card = menu;
}

afterEach(stopBot, 15_000);

afterAll(async () => {
  if (!bins) return;
  await stopBot();
  await killer?.end({ timeout: 1 });
  await sb?.close();
  await tdb?.drop().catch(() => {});
  await cluster?.stop();
  await dropPrefix(prefix);
  rmSync(anchorDir, { recursive: true, force: true });
}, 30_000);

let serial = 0;
function vendorForm() {
  const n = ++serial;
  const body = `91350100MA${String(n).padStart(7, '0')}`;
  return {
    n,
    form: {
      vendor_name: `重启测试物业管理有限公司${n}`,
      uscc: body + usccCheckChar(body),
      contact_name: '孙经理',
      contact_phone: '0512-57671234',
    },
  };
}

type Toast = { type?: string; content?: string } | undefined;
const toastOf = (answer: unknown): Toast => (answer as { toast?: Toast } | undefined)?.toast;
const applied = (t: Toast) => t?.type === 'success' && /已登记供应商/.test(t.content ?? '');
const duplicate = (t: Toast) => t?.content === DUPLICATE_ANSWER.toast!.content;

async function ready(): Promise<boolean> {
  try {
    const r = await fetch(`${botUrl}/readyz`, { signal: AbortSignal.timeout(3000) });
    return r.status === 200;
  } catch {
    return false;
  }
}

/**
 * Waits (polling every few ms, at most 3 s) until one of the bot's sessions is busy with a
 * statement or inside a transaction, then terminates all of the bot's sessions at once.
 */
async function terminateBotSessions(): Promise<{ busy: number; terminated: number }> {
  const until = Date.now() + 3000;
  while (Date.now() < until) {
    const rows = await killer<{ busy: boolean; ok: boolean }[]>`
      with bot as (
        select pid, state in ('active', 'idle in transaction') as busy from pg_stat_activity
        where usename = 'gps_bot' and datname = ${tdb.name} and pid <> pg_backend_pid()
      )
      select busy, pg_terminate_backend(pid) as ok from bot
      where exists (select 1 from bot where busy)`;
    if (rows.length > 0)
      return { busy: rows.filter((r) => r.busy).length, terminated: rows.filter((r) => r.ok).length };
    await sleep(3);
  }
  return { busy: 0, terminated: 0 };
}

/**
 * Clicks 登记供应商 CLICKS times, 40 ms apart, and breaks the database after the fourth. Then,
 * without touching the bot, waits for /readyz, re-delivers (same event id, as Feishu does) every
 * click not answered with success, and returns what happened.
 */
async function trial(kind: 'restart' | 'terminate') {
  const clicks: { n: number; eventId: string; toast: Toast }[] = [];
  const inFlight: Promise<void>[] = [];
  let broke = 0;
  let disruption: Promise<{ busy: number; terminated: number } | undefined> = Promise.resolve(undefined);
  for (let i = 0; i < CLICKS; i++) {
    const { n, form } = vendorForm();
    inFlight.push(
      sb.click(zhang, card, '登记供应商', form).then((r) => {
        clicks.push({ n, eventId: r.delivery.eventId, toast: toastOf(r.delivery.answer) });
      }),
    );
    if (i === 3) {
      broke = Date.now();
      disruption = kind === 'restart' ? cluster.restart().then(() => undefined) : terminateBotSessions();
    }
    await sleep(40);
  }
  await Promise.all(inFlight);
  const cut = await disruption;
  // Terminated while one of its sessions was working: a statement or a transaction was in flight.
  if (kind === 'terminate') expect(cut?.busy).toBeGreaterThan(0);
  // Nothing restarts the bot or its pool: /readyz must come back by itself.
  const readySince = Date.now();
  await sb.waitFor(async () => {
    if (bot.exitCode !== null || bot.signalCode !== null)
      throw new Error(`the bot exited (${bot.exitCode ?? bot.signalCode}): ${bot.output().slice(-2500)}`);
    return ready();
  }, 20_000);
  const readyAfterMs = Date.now() - broke;

  const failed = clicks.filter((c) => !applied(c.toast));
  const answers: Record<string, number> = {};
  for (const c of clicks) {
    const key = applied(c.toast) ? '已登记' : (c.toast?.content ?? '(none)');
    answers[key] = (answers[key] ?? 0) + 1;
  }
  // Every click was answered: applied, or a clear refusal to retry (the DB_LOST toast, or the
  // deadline's 正在处理 when the handler was still waiting on the database).
  for (const c of failed) {
    expect([DB_LOST.toast!.content, '正在处理,请稍后查看结果', '系统繁忙,请稍后重试']).toContain(
      c.toast?.content,
    );
  }
  // Re-delivered: applied now, or already applied by the first delivery; never applied twice.
  for (const c of failed) {
    const again = await sb.redeliver(c.eventId);
    const t = toastOf(again.answer);
    expect(applied(t) || duplicate(t), `click ${c.n} re-delivered: ${JSON.stringify(t)}`).toBe(true);
  }
  return {
    ...cut,
    clicks: clicks.length,
    failed: failed.length,
    readyAfterMs,
    readyWaitMs: Date.now() - readySince,
    answers,
  };
}

async function assertAppliedOnce() {
  const vendors = await tdb.sql<
    { name: string; uscc: string }[]
  >`select name, uscc from vendors where name like '重启测试%'`;
  const audits = await tdb.sql<{ n: number }[]>`
    select count(*)::int as n from audit_log where action = 'vendor.registered'`;
  expect(vendors.length).toBe(serial);
  expect(new Set(vendors.map((v) => v.name)).size).toBe(serial);
  expect(audits[0]!.n).toBe(serial);
  // The same process served every trial (main.ts's last resort logs what it dropped).
  const dropped = bot.output().split('query nobody awaited; dropped').length - 1;
  console.log(`db-restart: ${serial} clicks applied once; unawaited rejections dropped: ${dropped}`);
  expect(bot.exitCode).toBeNull();
  expect(bot.signalCode).toBeNull();
  expect(bot.output()).not.toMatch(/Cannot read properties of null|uncaught/i);
}

it.skipIf(!bins)(
  `PostgreSQL restarted with clicks in flight, ${TRIALS} times: the bot stays up, every click is answered and applied once, /readyz recovers`,
  async () => {
    await startBot();
    for (let t = 0; t < TRIALS; t++) {
      const r = await trial('restart');
      console.log(`db-restart restart #${t + 1}: ${JSON.stringify(r)}`);
    }
    await assertAppliedOnce();
  },
  90_000,
);

it.skipIf(!bins)(
  `the bot's sessions terminated with clicks in flight, ${TRIALS} times: the bot stays up, every click is answered and applied once, /readyz recovers`,
  async () => {
    await startBot();
    for (let t = 0; t < TRIALS; t++) {
      const r = await trial('terminate');
      console.log(`db-restart terminate #${t + 1}: ${JSON.stringify(r)}`);
    }
    await assertAppliedOnce();
  },
  90_000,
);

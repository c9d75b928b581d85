import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actions } from '../../src/bot/actions';
import { createDispatcher } from '../../src/bot/dispatcher';
import { dispatchWithDeadline } from '../../src/bot/inbound';
import type { CallbackAnswer } from '../../src/bot/types';
import { actionValue } from '../../src/cards/values';
import { shanghaiDate } from '../../src/domain/business-date';
import { parseBudgetCsv } from '../../src/features/budget/file';
import { importBudget } from '../../src/features/budget/import';
import { parseOrgFile } from '../../src/features/org/file';
import { importOrg } from '../../src/features/org/import';
import { createLogger } from '../../src/log';
import { DEMO_BUDGET, DEMO_ORG } from '../../src/sandbox-boot';
import { createContract, makeUscc, requestInDb } from '../helpers/contract';
import { createTestDb, type TestDb } from '../helpers/db';
import type { Harness } from '../helpers/harness';

/**
 * Issue 11, inputs bounded at the edge: arbitrary JSON in a button's value and in a form, sent
 * through the real dispatcher for every action, never gives the generic 系统繁忙 toast, never writes
 * on a refusal, and never answers with (or queues) a card over Feishu's 30 KB.
 */

const MAX_CARD_BYTES = 30 * 1024;
const RUNS = Number(process.env.FUZZ_RUNS ?? 50);
const GENERIC = '系统繁忙';

let tdb: TestDb;
let handle: (raw: unknown) => Promise<CallbackAnswer>;
let people: string[];
const logs: string[] = [];
let tables: string[];
let seq = 0;

beforeAll(async () => {
  tdb = await createTestDb();
  const org = parseOrgFile(await readFile(DEMO_ORG, 'utf8'));
  await importOrg(tdb.db, org);
  const year = shanghaiDate(new Date()).slice(0, 4);
  const csv = (await readFile(DEMO_BUDGET, 'utf8')).replace(/^(\w+),\d{4},/gm, `$1,${year},`);
  const budget = await importBudget(tdb.db, parseBudgetCsv(csv), 'fuzz-seed');
  if (!budget.ok) throw new Error('demo budget did not import');
  const byName = (n: string) => org.people.find((p) => p.name === n)!.open_id;
  // A zone admin, a filer/assessor, a unit holding many roles, zone finance, and nobody the org knows.
  people = [
    byName('马骏'),
    byName('张伟'),
    byName('王建国'),
    byName('黄海燕'),
    byName('孙丽'),
    byName('郑毅'),
    byName('何静'),
    'ou_fuzz_unknown',
    // An operator open_id no client sends: PostgreSQL cannot store its NUL (issue 20).
    `${byName('马骏')}\u0000`,
  ];
  const logger = createLogger('info', { write: (line: string) => void logs.push(line) });
  const dispatcher = createDispatcher({
    db: tdb.db,
    logger,
    enqueueOutbox: async () => {},
    enqueueFanout: async () => {},
    enqueueExports: async () => {},
    now: () => new Date(),
    downloadImage: async () => Buffer.from('not an image'),
  });
  // Through the deadline wrapper, as both transports call it: an unexpected throw becomes 系统繁忙.
  handle = (raw) => dispatchWithDeadline(dispatcher, raw, logger, 30_000);
  const rows = await tdb.sql<{ name: string }[]>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'
      and table_name not in ('processed_events', '__drizzle_migrations')`;
  tables = rows.map((r) => r.name);
  // Real objects for the small ids to point at: a signed contract (its request, procurement and
  // vendor), an approved request not yet procured, a pending one.
  const h = { db: tdb.db, sql: tdb.sql, person: byName } as unknown as Harness;
  const today = shanghaiDate(new Date());
  const y = Number(today.slice(0, 4));
  await createContract(h, { startsOn: `${y - 1}-01-01`, endsOn: `${y + 1}-12-31` });
  await requestInDb(h, { procured: false });
  await requestInDb(h, { status: 'pending', procured: false });
}, 60_000);

afterAll(async () => {
  await tdb?.drop();
});

/** Row counts of every table but the event claims (a read click records its claim on purpose). */
async function counts(): Promise<Record<string, number>> {
  const q = tables.map((t) => `select '${t}' as t, count(*)::int as n from "${t}"`).join(' union all ');
  const rows = await tdb.sql.unsafe<{ t: string; n: number }[]>(q);
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

async function largestQueuedCard(): Promise<number> {
  const [r] = await tdb.sql<{ n: number | null }[]>`
    select max(octet_length(content::text))::int as n from outbox where msg_type = 'interactive'`;
  return r?.n ?? 0;
}

function envelope(openId: string, value: unknown, form: unknown) {
  seq += 1;
  return {
    schema: '2.0',
    header: { event_id: `ev_fuzz_${Date.now()}_${seq}`, event_type: 'card.action.trigger', token: 't' },
    event: {
      operator: { open_id: openId },
      token: `c-${seq}`,
      action: { tag: 'button', value, form_value: form },
      context: { open_message_id: `om_fuzz_${seq}`, open_chat_id: 'oc_fuzz' },
    },
  };
}

// Hostile text: huge, NUL and other controls, prototype names, impossible dates, plain words.
const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toString',
    '2026-02-30',
    '2026-13-01',
    '2026-02-30 +0800',
    '2027-01-31 +0800',
    '2026-13',
    '2027-03',
    'a\u0000b',
    '\u0000',
    '\u0007x',
    'a\u007fb',
    'a\ufffeb',
    'a\ud800b',
    '99999999999999999999',
    '2147483648',
    '-1',
    '1e400',
    'NaN',
    '<at id=all></at>',
    '1',
    '100',
    'open_tender',
    'single_source',
  ),
  fc.string({ minLength: 1000, maxLength: 1500 }),
  fc.nat({ max: 30 }).map((n) => '长'.repeat(900 + n * 10)),
  fc.string({ maxLength: 20 }).map((s) => `${s}\u0000`),
);
const hostileNumber = fc.oneof(
  fc.integer({ min: 1, max: 6 }),
  fc.constantFrom(0, -1, 2147483647, 2147483648, 2 ** 53, 1.5, 1e308),
  fc.integer(),
);
const hostile = fc.oneof(hostileText, hostileNumber, fc.jsonValue({ maxDepth: 2 }), fc.constant(null));
const FIELD_KEYS = [
  'contract',
  'month',
  'draft',
  'step',
  'go',
  'stage',
  'year',
  'request',
  'period',
  'case',
  'item',
  'check',
  'score',
  'page',
  'msg',
  'key',
  'supersedes',
  'd',
  'm',
  'reason',
];
const FORM_KEYS = [
  ...'amount approval_ref assessors award_date bidders category category_other cause checked contact_name contact_phone department description ends_on evidence from_month inspected_on leader line line_amount line_name management meeting_date method minutes_no notes override_reason participants person platform price price_high price_low rate reason reference_no role schedule scope single_source_reason size starts_on suppliers targets to_month unit units uscc vendor vendor_name why year finding_1 severity_1 owner_1 d_area_cleanliness n_area_cleanliness'.split(
    ' ',
  ),
  '__proto__',
  'constructor',
];

/** Forged deductions: own `__proto__` keys (as JSON.parse makes them), big numbers, NUL notes. */
const deductions = fc
  .array(
    fc.tuple(
      fc.constantFrom('__proto__', 'constructor', 'area_cleanliness', 'x'),
      hostileNumber,
      hostileText,
    ),
    {
      maxLength: 3,
    },
  )
  .map((xs) => JSON.parse(JSON.stringify(Object.fromEntries(xs.map(([k, t, n]) => [k, [t, n]])))));

const today = shanghaiDate(new Date());
/** What a real card's fields would send, so a hostile field is read among otherwise valid ones. */
const PLAUSIBLE: Record<string, fc.Arbitrary<unknown>> = {
  unit: fc.constantFrom('1', '2', '3'),
  units: fc.constantFrom(['1'], ['1', '2']),
  year: fc.constant(today.slice(0, 4)),
  category: fc.constantFrom('cleaning', 'security'),
  categories: fc.constant(['cleaning']),
  amount: fc.constantFrom('1000', '12.5'),
  line_amount: fc.constant('50000'),
  price: fc.constant('1000'),
  price_low: fc.constant('900'),
  price_high: fc.constant('1100'),
  suppliers: fc.constant('3'),
  bidders: fc.constant('3'),
  size: fc.constant('2'),
  rate: fc.constant('10'),
  vendor: fc.constantFrom('1', '2'),
  line: fc.constantFrom('1', '2'),
  method: fc.constantFrom('open_tender', 'single_source', 'inquiry'),
  cause: fc.constantFrom('negotiation', 'other'),
  role: fc.constantFrom('filer', 'assessor'),
  uscc: fc.integer({ min: 1, max: 9999 }).map(makeUscc),
  contact_phone: fc.constant('13800000000'),
  from_month: fc.constant('2026-01'),
  to_month: fc.constant('2026-06'),
  starts_on: fc.constant(`${today} +0800`),
  ends_on: fc.constant(`${today} +0800`),
  award_date: fc.constant(`${today} +0800`),
  meeting_date: fc.constant(`${today} +0800`),
  inspected_on: fc.constant(`${today} +0800`),
  management: fc.constant('90'),
  d_area_cleanliness: fc.constant('1'),
  schedule: fc.constant(`首付款,${today},1000`),
};
const plausibleText = fc.constantFrom('办公楼日常保洁服务说明', '某某保洁服务有限公司', '已核实,情况属实');
const plausibleOf = (k: string) => (Object.hasOwn(PLAUSIBLE, k) && PLAUSIBLE[k]) || plausibleText;
const DATE_FIELDS = [
  'starts_on',
  'ends_on',
  'award_date',
  'meeting_date',
  'inspected_on',
  'from_month',
  'to_month',
];
const FREE_TEXT = FORM_KEYS.filter((k) => !Object.hasOwn(PLAUSIBLE, k));
/** A form as a real card would send it: every field filled plausibly. */
const plausibleForm = fc.record(Object.fromEntries(FORM_KEYS.map((k) => [k, plausibleOf(k)])));
const json = (o: unknown) => JSON.parse(JSON.stringify(o));
const form = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 2, arbitrary: plausibleForm.map(json) },
  // One field hostile among valid ones (the key may be `__proto__` itself).
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        plausibleForm,
        fc.constantFrom(...FORM_KEYS),
        fc.oneof(hostile, fc.array(hostileText, { maxLength: 3 })),
      )
      .map(([f, k, v]) => json({ ...f, [k]: v })),
  },
  // Every date field an impossible date (a real card's picker never sends one, a forged click may).
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        plausibleForm,
        fc.constantFrom('2026-02-30', '2026-13-01', '2026-02-30 +0800', '9999-99-99 +0800'),
      )
      .map(([f, bad]) => json({ ...f, ...Object.fromEntries(DATE_FIELDS.map((k) => [k, bad])) })),
  },
  // Every free-text field carrying NUL, or far past any card's limit: whatever the action reads is hit.
  {
    weight: 4,
    arbitrary: fc.tuple(plausibleForm, fc.constantFrom('nul', 'long', 'bell')).map(([f, how]) =>
      json({
        ...f,
        ...Object.fromEntries(
          FREE_TEXT.map((k) => [
            k,
            how === 'nul' ? `${f[k]}\u0000` : how === 'bell' ? `${f[k]}\u0007` : String(f[k]).repeat(200),
          ]),
        ),
      }),
    ),
  },
);

/** A value with the right `a`, some of the action's own fields (plausible or hostile), sometimes extras. */
function nearValue(a: string) {
  const option = actionValue.options.find((o) => (o.shape.a as { value?: string }).value === a);
  const own = Object.keys(option?.shape ?? {}).filter((k) => k !== 'a');
  const plausible = (k: string) =>
    k === 'd'
      ? deductions
      : k === 'month'
        ? fc.constantFrom('2026-01', '2026-11', '2027-03', '2026-13', '2026-00', '__proto__')
        : k === 'go'
          ? fc.constantFrom('next', 'back', 'save', 'constructor')
          : k === 'step'
            ? fc.integer({ min: 0, max: 6 })
            : k === 'period' || k === 'reason' || k === 'msg' || k === 'key'
              ? hostileText
              : hostileNumber;
  const ownFields = fc.record(
    Object.fromEntries(own.map((k) => [k, fc.oneof(plausible(k), plausible(k), hostile)])),
    {
      requiredKeys: [],
    },
  );
  const extras = fc.dictionary(fc.constantFrom(...FIELD_KEYS, '__proto__', 'zz'), hostile, { maxKeys: 2 });
  return fc
    .tuple(ownFields, fc.oneof(fc.constant({}), extras))
    .map(([o, x]) => JSON.parse(JSON.stringify({ ...x, ...o, a })));
}

const VALID: Record<string, fc.Arbitrary<unknown>> = {
  month: fc.constantFrom('2026-01', '2026-06', '2026-11', '2027-03'),
  go: fc.constantFrom('next', 'back', 'save'),
  step: fc.integer({ min: 1, max: 5 }),
  year: fc.integer({ min: 2024, max: 2028 }),
  page: fc.integer({ min: 0, max: 3 }),
  period: fc.constantFrom('第1期', '第2期', '首付款'),
  d: fc.constantFrom({}, { area_cleanliness: [10, '地面不洁'] }, { x: [10, '无此项'] }),
  m: fc.integer({ min: 0, max: 1000 }),
  reason: fc.constantFrom('录入有误', ''),
  msg: fc.constant('om_fuzz_msg'),
  key: fc.constant('img_fuzz_key'),
};
const validId = fc.oneof(fc.integer({ min: 1, max: 6 }), fc.constant(2147483647));

/** A value that decodes: the action's required fields (and some optional ones) with plausible values. */
function validValue(a: string) {
  const option = actionValue.options.find((o) => (o.shape.a as { value?: string }).value === a);
  const shape = (option?.shape ?? {}) as Record<string, { safeParse(v: unknown): { success: boolean } }>;
  const own = Object.keys(shape).filter((k) => k !== 'a');
  const required = own.filter((k) => !shape[k]!.safeParse(undefined).success);
  return fc
    .record(Object.fromEntries(own.map((k) => [k, (Object.hasOwn(VALID, k) && VALID[k]) || validId])), {
      requiredKeys: required,
    })
    .map((o) => ({ ...o, a }));
}

function check(answer: CallbackAnswer, what: string) {
  const toast = (answer as { toast?: { content?: string } }).toast?.content ?? '';
  expect(toast, what).not.toContain(GENERIC);
  const card = (answer as { card?: unknown }).card;
  if (card !== undefined) expect(Buffer.byteLength(JSON.stringify(card)), what).toBeLessThan(MAX_CARD_BYTES);
  return (answer as { toast?: { type?: string } }).toast?.type === 'error';
}

describe('every action under arbitrary values and forms', () => {
  for (const a of Object.keys(actions)) {
    it(`${a}: no generic toast, no write on refusal, no card over 30 KB`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...people),
          fc.oneof(
            { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
            { weight: 2, arbitrary: nearValue(a) },
            { weight: 5, arbitrary: validValue(a) },
          ),
          form,
          async (openId, value, formValue) => {
            const before = await counts();
            const answer = await handle(envelope(openId, value, formValue));
            const what = `${a} by ${openId}: ${JSON.stringify(value).slice(0, 300)} form ${JSON.stringify(formValue)?.slice(0, 300)}`;
            const refused = check(answer, what);
            if (process.env.FUZZ_DIAG) console.log('DIAG', a, JSON.stringify(answer).slice(0, 120));
            if (refused) expect(await counts(), `a refusal wrote: ${what}`).toEqual(before);
            expect(await largestQueuedCard(), what).toBeLessThan(MAX_CARD_BYTES);
          },
        ),
        { numRuns: RUNS },
      );
    }, 60_000);
  }

  it('a control character in any id of any event kind: refused or dropped, never 系统繁忙, no write', async () => {
    const controls = fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\ufffe', '\ud800');
    const tainted = fc
      .tuple(fc.constantFrom(...people.slice(0, 3), 'om_x', 'oc_x', ''), controls, fc.nat({ max: 3 }))
      .map(([base, c, at]) => `${base.slice(0, at)}${c}${base.slice(at)}`);
    const kinds = ['card', 'message', 'menu', 'bot_added'] as const;
    const fields = ['event_id', 'open_id', 'chat_id', 'message_id', 'other'] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...kinds),
        fc.constantFrom(...fields),
        tainted,
        async (kind, field, bad) => {
          seq += 1;
          const ids = {
            event_id: `ev_ids_${Date.now()}_${seq}`,
            open_id: people[0]!,
            chat_id: 'oc_fuzz',
            message_id: `om_ids_${seq}`,
            other: 'x',
          };
          ids[field] = bad;
          const event =
            kind === 'card'
              ? {
                  operator: { open_id: ids.open_id },
                  token: ids.other,
                  action: { tag: 'button', value: { a: 'menu.show' } },
                  context: { open_message_id: ids.message_id, open_chat_id: ids.chat_id },
                }
              : kind === 'message'
                ? {
                    sender: { sender_id: { open_id: ids.open_id } },
                    message: {
                      message_id: ids.message_id,
                      chat_id: ids.chat_id,
                      chat_type: 'p2p',
                      message_type: 'text',
                      content: JSON.stringify({ text: ids.other }),
                    },
                  }
                : kind === 'menu'
                  ? { operator: { operator_id: { open_id: ids.open_id } }, event_key: ids.other }
                  : { chat_id: ids.chat_id, operator_id: { open_id: ids.open_id }, name: ids.other };
          const type = {
            card: 'card.action.trigger',
            message: 'im.message.receive_v1',
            menu: 'application.bot.menu_v6',
            bot_added: 'im.chat.member.bot.added_v1',
          }[kind];
          const before = await counts();
          const claims = await tdb.sql<{ n: number }[]>`select count(*)::int as n from processed_events`;
          const answer = await handle({
            schema: '2.0',
            header: { event_id: ids.event_id, event_type: type },
            event,
          });
          const what = `${kind} ${field}=${JSON.stringify(bad)}`;
          check(answer, what);
          // A field the kind does not carry leaves the event clean; a message's own text is answered
          // by its handler (a reply). Any tainted field the event carries writes nothing.
          const carried = {
            card: fields,
            message: ['event_id', 'open_id', 'chat_id', 'message_id'],
            menu: ['event_id', 'open_id', 'other'],
            bot_added: ['event_id', 'open_id', 'chat_id', 'other'],
          }[kind] as readonly string[];
          if (!carried.includes(field)) return;
          if (kind === 'card') expect(answer.toast?.type, what).toBe('error');
          expect(await counts(), what).toEqual(before);
          const after = await tdb.sql<{ n: number }[]>`select count(*)::int as n from processed_events`;
          expect(after[0]!.n, what).toBe(claims[0]!.n);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  }, 60_000);

  it('impossible calendar dates are refused, not stored and not a crash', async () => {
    const inspector = people[6]!;
    const y = Number(shanghaiDate(new Date()).slice(0, 4));
    const owner = people[1]!;
    for (const [on, due] of [
      ['2026-02-30 +0800', `${y + 1}-03-01 +0800`],
      ['2026-01-10 +0800', `${y + 1}-02-30 +0800`],
      ['2026-01-10 +0800', `${y + 1}-13-01 +0800`],
    ]) {
      const bad = `${on} / ${due}`;
      const before = await counts();
      const answer = await handle(
        envelope(
          inspector,
          { a: 'inspection.record', contract: 1 },
          {
            inspected_on: on,
            participants: '何静',
            checked: '现场检查',
            finding_1: '地面不洁',
            severity_1: 'minor',
            owner_1: owner,
            due_1: due,
          },
        ),
      );
      expect(answer.toast?.type, bad).toBe('error');
      expect(answer.toast?.content, bad).toContain('不是有效日期');
      expect(answer.toast?.content, bad).not.toContain(GENERIC);
      expect(await counts(), bad).toEqual(before);
    }
  });

  it('an unexpected failure still answers, with 系统繁忙, and is logged with the event id', async () => {
    const broken = {
      handle: async () => {
        throw new Error('handler broke');
      },
    };
    const logger = createLogger('info', { write: (line: string) => void logs.push(line) });
    const env = envelope(people[0]!, { a: 'budget.show' }, undefined);
    const answer = await dispatchWithDeadline(broken, env, logger, 2200);
    expect(answer.toast?.content).toContain(GENERIC);
    expect(logs.some((l) => l.includes(env.header.event_id))).toBe(true);
  });
});

/**
 * 满意度测评对象 at signing (rule 7): under a policy with surveys the signing form asks who receives
 * the service, named people (a person picker of the request's unit) or the members of the contract's
 * project group. The choice is in the preview, in the draft legal approves (naming other people after
 * approval needs a new review), in clauses.survey and survey_recipients once signed, and the named
 * people get the round's card. The audit says how many are named, never who. Forged values write
 * nothing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { people } from '../../src/db/schema';
import { SURVEY_TO_REFUSAL } from '../../src/domain/contract-form';
import { DRAFT_CHANGED } from '../../src/domain/legal-review';
import { runSurveyRounds } from '../../src/features/surveys/rounds';
import { UNKNOWN_SURVEY_PEOPLE } from '../../src/features/surveys/signing';
import { chatMemberOpenIds } from '../../src/feishu/chat-members';
import { botCards, forgeCardCallback, titleOf } from '../helpers/cards';
import {
  approveThroughLegal,
  GOOD_FORM,
  openSigningForm,
  outboxSent,
  requestInDb,
  signingCounts,
  TERM_YEAR,
} from '../helpers/contract-signing';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let p: (name: string) => string;
const STAFF = [
  { openId: 'ou_sign_staff_1', name: '周晓红' },
  { openId: 'ou_sign_staff_2', name: '吴晓兰' },
  { openId: 'ou_sign_staff_3', name: '郑晓军' },
];
const NAMED = { ...GOOD_FORM, survey_to: 'named', survey_people: [STAFF[1]!.openId, STAFF[0]!.openId] };
const text = (x: unknown) => JSON.stringify(x);

beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  const [unit] = await h.sql`select id from units where code = 'asset'`;
  for (const s of STAFF) {
    h.sb.addUser(s);
    await h.db.insert(people).values({ openId: s.openId, name: s.name, unitId: Number(unit!.id) });
  }
}, 60_000);
afterAll(() => h?.stop());

async function opened() {
  await outboxSent(h);
  const { requestId } = await requestInDb(h);
  const { messageId, answer } = await openSigningForm(h, p('张伟'), requestId);
  return { requestId, messageId, answer };
}

const recipientsOf = async (requestId: number) =>
  (
    await h.sql`select p.open_id from survey_recipients r join people p on p.id = r.person_id
      join contracts c on c.id = r.contract_id where c.request_id = ${requestId} order by p.open_id`
  ).map((r) => r.open_id as string);
const surveyCount = async () => Number((await h.sql`select count(*)::int as n from survey_recipients`)[0]!.n);

it('the form asks 满意度测评对象 (指定人员 by default) and offers the unit’s people; anything else is refused, writing nothing', async () => {
  const { requestId, messageId, answer } = await opened();
  const card = text(answer.card);
  expect(card).toContain('满意度测评对象');
  expect(card).toContain('"name":"survey_to"');
  expect(card).toContain('"initial_option":"named"');
  expect(card).toContain('"tag":"multi_select_person"');
  for (const s of STAFF) expect(card).toContain(s.openId);
  expect(card).toContain(p('张伟'));
  // The picker offers exactly the people of the request's unit, who receive its services.
  const pickerOptions = /"name":"survey_people".*?"options":(\[.*?\])/.exec(card)![1]!;
  const ofUnit = await h.sql`select p.open_id from people p join purchase_requests r on r.unit_id = p.unit_id
    where r.id = ${requestId} order by p.id`;
  expect((JSON.parse(pickerOptions) as { value: string }[]).map((o) => o.value)).toEqual(
    ofUnit.map((r) => String(r.open_id)),
  );
  const [outsider] =
    await h.sql`select p.open_id from people p join purchase_requests r on r.id = ${requestId}
    where p.unit_id is distinct from r.unit_id order by p.id limit 1`;
  const before = { ...(await signingCounts(h)), survey: await surveyCount() };
  const bad = await forgeCardCallback(
    h,
    p('张伟'),
    messageId,
    { a: 'contract.preview', request: requestId },
    { ...GOOD_FORM, survey_to: 'everyone' },
  );
  expect(text(bad)).toContain(SURVEY_TO_REFUSAL);
  const ghost = await forgeCardCallback(
    h,
    p('张伟'),
    messageId,
    { a: 'contract.submit_review', request: requestId },
    { ...NAMED, survey_people: [STAFF[0]!.openId, 'ou_nobody_known'] },
  );
  expect(text(ghost)).toContain(UNKNOWN_SURVEY_PEOPLE);
  // A person of the zone the picker leaves out (another unit's) is refused the same way.
  const elsewhere = await forgeCardCallback(
    h,
    p('张伟'),
    messageId,
    { a: 'contract.submit_review', request: requestId },
    { ...NAMED, survey_people: [STAFF[0]!.openId, String(outsider!.open_id)] },
  );
  expect(text(elsewhere)).toContain(UNKNOWN_SURVEY_PEOPLE);
  expect({ ...(await signingCounts(h)), survey: await surveyCount() }).toEqual(before);
  expect(
    Number(
      (await h.sql`select count(*)::int as n from contract_drafts where request_id = ${requestId}`)[0]!.n,
    ),
  ).toBe(0);
  // Untouched, the preview says plainly that nobody is named.
  const untouched = await h.sb.click(p('张伟'), messageId, '检查并预览', GOOD_FORM);
  expect(text(untouched.card)).toContain('满意度测评对象:未指定人员');
}, 60_000);

it('named people: in the preview and the approved draft, signed into survey_recipients, and sent the round’s card; the audit counts them without names', async () => {
  const { requestId, messageId } = await opened();
  const preview = await h.sb.click(p('张伟'), messageId, '检查并预览', NAMED);
  expect(text(preview.card)).toContain('满意度测评对象:指定人员 2 人');
  await approveThroughLegal(h, p('张伟'), messageId, requestId, NAMED as never);
  // Approved with two people named: naming a third is another draft.
  const before = await signingCounts(h);
  const changed = await forgeCardCallback(
    h,
    p('张伟'),
    messageId,
    { a: 'contract.sign', request: requestId },
    { ...NAMED, survey_people: STAFF.map((s) => s.openId) },
  );
  expect(changed.toast).toEqual({ type: 'error', content: DRAFT_CHANGED });
  expect(await signingCounts(h)).toEqual(before);
  // The same people picked in another order are the same draft.
  await h.sb.click(p('张伟'), messageId, '检查并预览', NAMED);
  const signed = await h.sb.click(p('张伟'), messageId, '确认签订', {
    ...NAMED,
    survey_people: [...NAMED.survey_people].reverse(),
  });
  expect(signed.toast).toMatchObject({ type: 'success' });
  expect(await recipientsOf(requestId)).toEqual([STAFF[0]!.openId, STAFF[1]!.openId]);
  const [c] = await h.sql`select id, clauses from contracts where request_id = ${requestId}`;
  expect(c!.clauses.survey.recipients).toBe('named');
  expect(c!.clauses.survey.dimensions.length).toBeGreaterThanOrEqual(3);
  const [audit] =
    await h.sql`select data from audit_log where action = 'contract.signed' and data->>'requestId' = ${String(requestId)}`;
  expect(audit!.data.survey).toEqual({ recipients: 'named', named: 2 });
  for (const s of STAFF) {
    expect(text(audit!.data)).not.toContain(s.openId);
    expect(text(audit!.data)).not.toContain(s.name);
  }
  // The round opens on its day in the term's first month: each named person gets one card, nobody else.
  const opensOn = `${TERM_YEAR}-01-${String(c!.clauses.survey.opensDay).padStart(2, '0')}`;
  await runSurveyRounds(h.db, new Date(`${opensOn}T10:00:00+08:00`), {
    enqueueOutbox: (ids: string[]) => h.app.enqueueOutbox(ids),
    chatMembers: (chatId: string) => chatMemberOpenIds(h.app.feishu, chatId),
  });
  await outboxSent(h);
  const surveys = (openId: string) =>
    botCards(h.sb.inbox(openId)).filter((m) => (titleOf(m) ?? '').startsWith('满意度测评'));
  expect(surveys(STAFF[0]!.openId)).toHaveLength(1);
  expect(surveys(STAFF[1]!.openId)).toHaveLength(1);
  expect(surveys(STAFF[2]!.openId)).toHaveLength(0);
}, 90_000);

it('项目群成员: the clause says group and nobody is stored by name', async () => {
  const { requestId, messageId } = await opened();
  const GROUP = { ...GOOD_FORM, survey_to: 'group' };
  const preview = await h.sb.click(p('张伟'), messageId, '检查并预览', GROUP);
  expect(text(preview.card)).toContain('满意度测评对象:项目群成员');
  await approveThroughLegal(h, p('张伟'), messageId, requestId, GROUP);
  const signed = await h.sb.click(p('张伟'), messageId, '确认签订', GROUP);
  expect(signed.toast).toMatchObject({ type: 'success' });
  const [c] = await h.sql`select clauses from contracts where request_id = ${requestId}`;
  expect(c!.clauses.survey.recipients).toBe('group');
  expect(await recipientsOf(requestId)).toEqual([]);
}, 60_000);

/**
 * 满意度测评 (issue 23, point 1): the rounds job sends each recipient one survey card per period
 * across reruns, two workers and a restart; a recipient's second answer replaces the first until the
 * round closes and is refused after; a double click answers once; nobody else can answer (a forged
 * or forwarded click writes nothing); the chase goes once to those who have not answered; a
 * quarterly contract's round is its quarter's; a group contract asks its project group's members.
 * No card anyone else gets, no audit row and no log line names who answered what.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client';
import { loadPolicy } from '../../src/db/policy';
import { contracts, groupBindings, people, surveyAnswers, surveyRecipients } from '../../src/db/schema';
import { clausesFromPolicy } from '../../src/domain/clauses';
import type { ContractClauseValues } from '../../src/domain/contract';
import { runSurveyRounds } from '../../src/features/surveys/rounds';
import { chatMemberOpenIds } from '../../src/feishu/chat-members';
import type { MessageView } from '../../src/sandbox';
import { botCards, forgeCardCallback, titleOf } from '../helpers/cards';
import { testClock } from '../helpers/clock';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

const clock = testClock('2027-02-15T10:00:00+08:00');
const at = (date: string) => new Date(`${date}T10:00:00+08:00`);
let h: Harness;

const STAFF = [
  { openId: 'ou_survey_staff_1', name: '周小红' },
  { openId: 'ou_survey_staff_2', name: '吴小兰' },
  { openId: 'ou_survey_staff_3', name: '郑小军' },
];
const MEMBERS = [
  { openId: 'ou_survey_member_1', name: '林居委' },
  { openId: 'ou_survey_member_2', name: '陶居委' },
];
const FORM = {
  r_cleanliness: '5',
  r_timeliness: '4',
  r_attitude: '4',
  r_response: '2',
  survey_comment: '周末楼道无人清扫',
};
let monthly: number;
let quarterly: number;
let grouped: number;
let deps: Parameters<typeof runSurveyRounds>[2];

async function addStaff(list: { openId: string; name: string }[]) {
  const [unit] = await h.sql`select id from units where code = 'asset'`;
  for (const s of list) {
    h.sb.addUser(s);
    await h.db.insert(people).values({ openId: s.openId, name: s.name, unitId: Number(unit!.id) });
  }
}

async function withSurvey(contractId: number, recipients: 'named' | 'group', quarterly = false) {
  const policy = await loadPolicy(h.db);
  const [c] = await h.db.select().from(contracts).where(eq(contracts.id, contractId));
  const clauses: ContractClauseValues = {
    ...c!.clauses,
    ...(quarterly ? { scoring: { ...c!.clauses.scoring, managementPeriod: 'quarter' as const } } : {}),
    survey: clausesFromPolicy(policy, { category: 'cleaning', recipients }).survey!,
  };
  await h.db.update(contracts).set({ clauses }).where(eq(contracts.id, contractId));
}

const surveyCards = (openId: string) =>
  botCards(h.sb.inbox(openId)).filter((m) => (titleOf(m) ?? '').startsWith('满意度测评'));
const waitCards = (openId: string, n: number) =>
  h.sb.waitFor(() => (surveyCards(openId).length >= n ? true : undefined), 15_000);
const personIdOf = async (openId: string) =>
  Number((await h.sql`select id from people where open_id = ${openId}`)[0]!.id);

beforeAll(async () => {
  h = await startHarness({ now: clock });
  deps = {
    enqueueOutbox: (ids: string[]) => h.app.enqueueOutbox(ids),
    chatMembers: (chatId: string) => chatMemberOpenIds(h.app.feishu, chatId),
  };
  await addStaff([...STAFF, ...MEMBERS]);
  monthly = (await createContract(h, { startsOn: '2027-01-01', endsOn: '2027-12-31' })).contract.id;
  await withSurvey(monthly, 'named');
  for (const s of STAFF)
    await h.db.insert(surveyRecipients).values({ contractId: monthly, personId: await personIdOf(s.openId) });
  quarterly = (await createContract(h, { startsOn: '2027-01-01', endsOn: '2027-12-31' })).contract.id;
  await withSurvey(quarterly, 'named', true);
  await h.db
    .insert(surveyRecipients)
    .values({ contractId: quarterly, personId: await personIdOf(STAFF[0]!.openId) });
  grouped = (await createContract(h, { startsOn: '2027-01-01', endsOn: '2027-12-31' })).contract.id;
  await withSurvey(grouped, 'group');
  // The project group: two residents' committee members, the contract's assessor (张伟) and the bot.
  h.sb.addChat({
    chatId: 'oc_survey_project',
    name: '绿地项目群',
    members: [...MEMBERS.map((m) => m.openId), h.person('张伟')],
    botIsMember: true,
  });
  await h.db
    .insert(groupBindings)
    .values({ chatId: 'oc_survey_project', kind: 'project', contractId: grouped, boundBy: 'test' });
}, 120_000);
afterAll(() => h?.stop());

describe('survey rounds', () => {
  it('nothing before the opening day', async () => {
    const r = await runSurveyRounds(h.db, at('2027-02-14'), deps);
    expect(r).toMatchObject({ opened: 0, invited: 0 });
  });

  it('one card per recipient per period across two workers, reruns and a restart', async () => {
    let second = createDb(h.dbUrl, { max: 4 });
    const both = async (date: string) =>
      (
        await Promise.all([runSurveyRounds(h.db, at(date), deps), runSurveyRounds(second.db, at(date), deps)])
      ).reduce((s, r) => ({ opened: s.opened + r.opened, invited: s.invited + r.invited }), {
        opened: 0,
        invited: 0,
      });
    // 15 February: the monthly and the group contract open; the quarterly one waits for March.
    expect(await both('2027-02-15')).toEqual({ opened: 2, invited: 5 });
    expect(await both('2027-02-16')).toEqual({ opened: 0, invited: 0 });
    await second.sql.end();
    second = createDb(h.dbUrl, { max: 4 });
    expect(await both('2027-02-16')).toEqual({ opened: 0, invited: 0 });
    await second.sql.end();
    for (const s of [...STAFF, ...MEMBERS]) await waitCards(s.openId, 1);
    for (const s of [...STAFF, ...MEMBERS]) expect(surveyCards(s.openId)).toHaveLength(1);
    // The assessor in the project group is not asked; nobody gets a card in the group itself.
    expect(surveyCards(h.person('张伟'))).toHaveLength(0);
    const rounds =
      await h.sql`select contract_id, period, opens_on, closes_on from survey_rounds order by contract_id`;
    expect(rounds.map((r) => [Number(r.contract_id), r.period, r.opens_on, r.closes_on])).toEqual([
      [monthly, '2027-02', '2027-02-15', '2027-02-24'],
      [grouped, '2027-02', '2027-02-15', '2027-02-24'],
    ]);
    const card = JSON.stringify(surveyCards(STAFF[0]!.openId)[0]!.content);
    expect(card).toContain('测试物业服务有限公司');
    expect(card).toContain('2027年2月');
    expect(card).toContain('环境整洁');
    expect(card).not.toMatch(/得分|分数/);
  });

  it('a non-recipient cannot answer: a forged or forwarded click writes nothing', async () => {
    const [round] = await h.sql`select id from survey_rounds where contract_id = ${monthly}`;
    const before = await h.sql`select count(*)::int as n from survey_answers`;
    for (const who of [h.person('张伟'), MEMBERS[0]!.openId, h.person('王建国')]) {
      const r = await forgeCardCallback(
        h,
        who,
        'om_forged_survey',
        { a: 'survey.answer', round: Number(round!.id) },
        FORM,
      );
      expect(r.toast).toEqual({ type: 'error', content: '您不是本期满意度测评的测评对象,不能填写该问卷' });
      expect(r.card).toBeUndefined();
    }
    // The card forwarded to someone else: clicking it is the same refusal.
    const msg = surveyCards(STAFF[0]!.openId)[0]!;
    const r = await forgeCardCallback(
      h,
      STAFF[1]!.openId,
      msg.messageId,
      { a: 'survey.answer', round: 999_999 },
      FORM,
    );
    expect(r.toast?.type).toBe('error');
    expect(await h.sql`select count(*)::int as n from survey_answers`).toEqual(before);
  });

  it('answered once, replaced until the close, a double click answers once, refused after', async () => {
    const me = STAFF[0]!.openId;
    const msg = surveyCards(me)[0]!;
    const first = await h.sb.click(me, msg.messageId, '提交', FORM);
    expect(first.toast).toMatchObject({ type: 'success', content: '已提交,感谢参与满意度测评' });
    const shown = JSON.stringify(h.sb.message(msg.messageId)!.content);
    expect(shown).toContain('已提交');
    expect(shown).toContain('可修改至 2月24日');
    expect(shown).toContain('周末楼道无人清扫');
    // The same answer again (a double click): one answer, revision 1.
    const again = await h.sb.click(me, msg.messageId, '修改并提交', FORM);
    expect(again.toast).toMatchObject({ content: '您的评价已记录,内容未变化' });
    const rows = () => h.db.select().from(surveyAnswers);
    expect((await rows()).map((a) => a.revision)).toEqual([1]);
    // Changed: replaces the first.
    clock.set('2027-02-24T20:00:00+08:00');
    const changed = await h.sb.click(me, msg.messageId, '修改并提交', {
      ...FORM,
      r_response: '5',
      survey_comment: '',
    });
    expect(changed.toast).toMatchObject({ content: '已修改您的评价,感谢参与满意度测评' });
    const [a] = await rows();
    expect(a).toMatchObject({
      revision: 2,
      comment: null,
      ratings: { cleanliness: 5, timeliness: 4, attitude: 4, response: 5 },
    });
    // A double click of a changed answer (two clicks at once): one change.
    const value = { a: 'survey.answer', round: a!.roundId };
    const twice = await Promise.all(
      [1, 2].map(() => forgeCardCallback(h, me, msg.messageId, value, { ...FORM, r_attitude: '3' })),
    );
    expect(twice.map((t) => t.toast?.type)).toEqual(['success', 'success']);
    expect((await rows())[0]!.revision).toBe(3);
    // Bad input: refused, nothing changes.
    const bad = await forgeCardCallback(h, me, msg.messageId, value, { ...FORM, r_response: '9' });
    expect(bad.toast).toEqual({ type: 'error', content: '请为每一项评分(1至5分):问题响应' });
    expect((await rows())[0]!.revision).toBe(3);
    // The day after the close: refused, unchanged.
    clock.set('2027-02-25T09:00:00+08:00');
    const late = await h.sb.click(me, msg.messageId, '修改并提交', FORM);
    expect(late.toast).toEqual({
      type: 'error',
      content: '本期满意度测评已于 2月24日 截止,不能再提交或修改',
    });
    expect((await rows())[0]!.revision).toBe(3);
    clock.set('2027-02-15T10:00:00+08:00');
  });

  it('chased once, a few working days before the close, only those who have not answered', async () => {
    // 24 February 2027 is a Wednesday: the chase falls on Monday the 22nd (2 working days before).
    expect((await runSurveyRounds(h.db, at('2027-02-19'), deps)).chased).toBe(0);
    const r = await runSurveyRounds(h.db, at('2027-02-22'), deps);
    expect(r.chased).toBe(4); // two staff of the monthly contract, two group members
    expect((await runSurveyRounds(h.db, at('2027-02-23'), deps)).chased).toBe(0);
    await waitCards(STAFF[1]!.openId, 2);
    expect(titleOf(surveyCards(STAFF[1]!.openId)[1])).toBe('满意度测评 · 提醒');
    expect(h.sb.errors()).toEqual([]);
    expect(surveyCards(STAFF[0]!.openId)).toHaveLength(1);
  });

  it("a quarterly contract's round is its quarter's, in the quarter's last month", async () => {
    // March: the monthly and the group contract's month, and the quarterly contract's Q1.
    expect((await runSurveyRounds(h.db, at('2027-03-15'), deps)).opened).toBe(3);
    const [q] = await h.sql`select period, closes_on from survey_rounds where contract_id = ${quarterly}`;
    expect([q!.period, q!.closes_on]).toEqual(['2027-Q1', '2027-03-24']);
    await waitCards(STAFF[0]!.openId, 3);
    const titles = surveyCards(STAFF[0]!.openId).map((m) => (m.content as any).header.subtitle.content);
    expect(titles).toContain('2027年第1季度 · 保洁');
    expect(titles.filter((t: string) => t.startsWith('2027年3月'))).toHaveLength(1);
  });

  it('no card, audit row or log line anyone else sees names who answered what', async () => {
    const names = [...STAFF, ...MEMBERS].flatMap((s) => [s.name, s.openId]);
    const ids = await Promise.all([...STAFF, ...MEMBERS].map((s) => personIdOf(s.openId)));
    // Cards to everyone but the recipients themselves.
    const others = h.sb.users().filter((u) => !names.includes(u.openId));
    const seen: MessageView[] = others.flatMap((u) => h.sb.inbox(u.openId));
    // 张伟 is in the project group: its messages are in his inbox too.
    for (const m of seen) for (const n of names) expect(JSON.stringify(m.content)).not.toContain(n);
    const audit = await h.sql`select actor, data from audit_log where aggregate_type = 'survey_round'`;
    expect(audit.length).toBeGreaterThan(0);
    for (const row of audit) {
      const text = JSON.stringify(row);
      for (const n of names) expect(text).not.toContain(n);
      expect(row.actor).toMatch(/^(job:survey\.rounds|survey:respondent)$/);
      expect(Object.keys(row.data as object).sort()).not.toContain('personId');
      for (const id of ids) expect(Object.values(row.data as object)).not.toContain(id);
    }
    // Logs: no line carries the ratings or a comment.
    const lines = h.logs.filter((l) => l.includes('周末楼道无人清扫'));
    expect(lines).toEqual([]);
  });
});

it('a contract signed without survey clauses gets no round', async () => {
  const plain = (await createContract(h, { startsOn: '2027-01-01', endsOn: '2027-12-31' })).contract.id;
  await runSurveyRounds(h.db, at('2027-04-15'), deps);
  expect(await h.db.execute(sql`select 1 from survey_rounds where contract_id = ${plain}`)).toHaveLength(0);
});

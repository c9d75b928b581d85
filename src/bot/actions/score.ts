import {
  buildScoreFormCard,
  buildScorePreviewCard,
  buildScoreRecordedCard,
  type ContractHead,
  type CurrentScore,
} from '../../cards/score';
import { buildScoreListCard } from '../../cards/score-list';
import { requireActor } from '../../domain/actor';
import { shanghaiDate } from '../../domain/calendar';
import { lateNote, scoreLateness } from '../../domain/late-score';
import { formatPoints } from '../../domain/score';
import {
  type Typed,
  typedFromForm,
  typedFromPayload,
  typedOf,
  validateEntry,
} from '../../domain/score-entry';
import { withSurvey } from '../../domain/survey-entry';
import { openDailyProblems } from '../../features/inspections/daily';
import {
  lastServedDay,
  loadScorable,
  type Scorable,
  standingCheckerTenths,
} from '../../features/scoring/access';
import { assessedContracts } from '../../features/scoring/list';
import { managementTyped, quarterOnForm } from '../../features/scoring/management';
import { recordScore } from '../../features/scoring/record';
import { closedSurveyOf, surveyNoteOf } from '../../features/surveys/closed';
import { type BaseContext, raw } from '../types';
import type { ActionWriteContext, ReadContext, ValueOf } from './types';

const today = (ctx: BaseContext) => shanghaiDate(ctx.deps.now());

function headOf(s: Scorable): ContractHead {
  const c = s.contract;
  return {
    id: c.id,
    signedOn: c.signedOn,
    category: c.category,
    vendorName: s.vendorName,
    startsOn: c.startsOn,
    lastDay: lastServedDay(c),
    rubric: c.rubric,
    weights: c.clauses.scoring,
  };
}

/** The score a correction replaces, with the checker's where it stands for the month (rule 12). */
async function currentOf(ctx: ReadContext, s: Scorable, month: string): Promise<CurrentScore | undefined> {
  if (!s.current) return undefined;
  const checkerTenths = await standingCheckerTenths(ctx.tx, s.contract.id, month);
  return {
    id: s.current.id,
    finalTenths: s.current.finalTenths,
    ...(checkerTenths === undefined ? {} : { checkerTenths }),
  };
}

/** The 逾期补录 label the entry gets (a correction keeps its predecessor's); undefined when on time. */
function lateOf(ctx: BaseContext, s: Scorable, month: string, correcting: boolean) {
  const previous = correcting ? s.current : undefined;
  const l = scoreLateness(month, s.contract.clauses.scoring, today(ctx), previous);
  return lateNote({ ...l, month }) || undefined;
}

async function formCard(
  ctx: ReadContext,
  s: Scorable,
  month: string,
  typed: Typed,
  correcting: boolean,
  error?: string,
) {
  return raw(
    buildScoreFormCard({
      contract: headOf(s),
      month,
      typed,
      current: correcting ? await currentOf(ctx, s, month) : undefined,
      late: lateOf(ctx, s, month, correcting),
      openProblems: await openDailyProblems(ctx.tx, s.contract.id, month, today(ctx)),
      survey: await surveyNoteOf(ctx.tx, s.contract, month, today(ctx)),
      quarter: await quarterOnForm(ctx.tx, s.contract, month),
      error,
    }),
  );
}

/** The contract and month of a click, loaded once the actor may enter (or correct) that month's score. */
function scorable(ctx: ReadContext, v: { contract: number; month: string; supersedes?: number }) {
  const mode = v.supersedes !== undefined ? 'correct' : 'new';
  return loadScorable(ctx.tx, requireActor(ctx.actor), {
    contractId: v.contract,
    month: v.month,
    today: today(ctx),
    mode,
    supersedes: v.supersedes,
  });
}

/** 月度考核: the actor's contracts and their months. */
export const showScoreList = async (ctx: ReadContext) => {
  const actor = requireActor(ctx.actor);
  return { card: raw(buildScoreListCard(await assessedContracts(ctx.tx, actor.personId, today(ctx)))) };
};

/** The entry form of a month (also the target of the scoring reminders). */
export const openScoreForm = async (ctx: ReadContext, v: ValueOf<'score.form'>) => {
  const s = await scorable(ctx, v);
  return { card: await formCard(ctx, s, v.month, {}, false) };
};

/** The correction form, filled with the current values; a reason is required. */
export const openScoreCorrection = async (ctx: ReadContext, v: ValueOf<'score.correct'>) => {
  const s = await loadScorable(ctx.tx, requireActor(ctx.actor), {
    contractId: v.contract,
    month: v.month,
    today: today(ctx),
    mode: 'correct',
  });
  const typed = typedOf(s.current!);
  // A quarterly contract's correction starts from the quarter's score (changing it corrects the quarter).
  const q = await quarterOnForm(ctx.tx, s.contract, v.month);
  if (q?.tenths !== undefined) typed.management = formatPoints(q.tenths);
  return { card: await formCard(ctx, s, v.month, typed, true) };
};

/** Checks what was typed and shows the resulting lines, final score and band. Writes nothing. */
export const previewScore = async (ctx: ReadContext, v: ValueOf<'score.preview'>) => {
  const correcting = v.supersedes !== undefined;
  const s = await scorable(ctx, v);
  // A quarterly contract's scored quarter gives the management line (the form shows it read-only).
  const typed = await managementTyped(ctx.tx, s.contract, {
    month: v.month,
    typed: typedFromForm(ctx.event.formValue),
    correcting,
  });
  const checked = validateEntry(s.contract.rubric, s.contract.clauses, typed, correcting);
  if (!checked.ok)
    return {
      toast: { type: 'error' as const, content: checked.error },
      card: await formCard(ctx, s, v.month, typed, correcting, checked.error),
    };
  return {
    card: raw(
      buildScorePreviewCard({
        contract: headOf(s),
        month: v.month,
        entry: withSurvey(
          checked.entry,
          s.contract.clauses,
          await closedSurveyOf(ctx.tx, s.contract, v.month, today(ctx)),
        ),
        current: correcting ? await currentOf(ctx, s, v.month) : undefined,
        late: lateOf(ctx, s, v.month, correcting),
      }),
    ),
  };
};

/** 返回修改: the form again with the previewed values. */
export const editScore = async (ctx: ReadContext, v: ValueOf<'score.edit'>) => {
  const s = await scorable(ctx, v);
  return { card: await formCard(ctx, s, v.month, typedFromPayload(v), v.supersedes !== undefined) };
};

/** 确认提交: every check again under the contract's lock, then the score (or correction) is written. */
export const confirmScore = async (ctx: ActionWriteContext, v: ValueOf<'score.confirm'>) => {
  const r = await recordScore(ctx.tx, {
    actor: requireActor(ctx.actor),
    contractId: v.contract,
    month: v.month,
    typed: typedFromPayload(v),
    supersedes: v.supersedes,
    now: ctx.deps.now(),
    today: today(ctx),
    out: ctx.out,
  });
  // 逾期补录 is said in the toast too: a new late entry is recorded as such, a correction keeps it.
  const late = lateNote(r.score);
  const card = buildScoreRecordedCard({
    contract: headOf(r),
    month: v.month,
    score: r.score,
    band: r.entry.band.label,
    previous: r.previous,
    reason: r.entry.reason,
    survey: r.entry.survey,
    late: late || undefined,
  });
  const also = r.alsoCorrected?.length
    ? `;本季度管理考核已更正,${r.alsoCorrected.join('、')} 已同步更正`
    : '';
  const content = r.previous
    ? `${v.month} 考核成绩已更正${late ? `;该月首次录入为${late}` : ''}${also}`
    : `${v.month} 考核成绩已录入${late ? `,记为${late}` : ''}`;
  return { toast: { type: 'success' as const, content }, card: raw(card) };
};

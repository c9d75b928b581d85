import {
  buildScoreFormCard,
  buildScorePreviewCard,
  buildScoreRecordedCard,
  type ContractHead,
} from '../../cards/score';
import { buildScoreListCard } from '../../cards/score-list';
import { requireActor } from '../../domain/actor';
import { shanghaiDate } from '../../domain/calendar';
import {
  type Typed,
  typedFromForm,
  typedFromPayload,
  typedOf,
  validateEntry,
} from '../../domain/score-entry';
import { lastServedDay, loadScorable, type Scorable } from '../../features/scoring/access';
import { assessedContracts } from '../../features/scoring/list';
import { recordScore } from '../../features/scoring/record';
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

const currentOf = (s: Scorable) =>
  s.current ? { id: s.current.id, finalTenths: s.current.finalTenths } : undefined;

function formCard(s: Scorable, month: string, typed: Typed, correcting: boolean, error?: string) {
  return raw(
    buildScoreFormCard({
      contract: headOf(s),
      month,
      typed,
      current: correcting ? currentOf(s) : undefined,
      error,
    }),
  );
}

/** The contract and month of a click, loaded once the actor may enter (or correct) that month's score. */
function scorable(ctx: ReadContext, v: { contract: number; month: string; supersedes?: number }) {
  const mode = v.supersedes !== undefined ? 'correct' : 'new';
  return loadScorable(ctx.tx, requireActor(ctx.actor), v.contract, v.month, today(ctx), {
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
  return { card: formCard(s, v.month, {}, false) };
};

/** The correction form, filled with the current values; a reason is required. */
export const openScoreCorrection = async (ctx: ReadContext, v: ValueOf<'score.correct'>) => {
  const s = await loadScorable(ctx.tx, requireActor(ctx.actor), v.contract, v.month, today(ctx), {
    mode: 'correct',
  });
  return { card: formCard(s, v.month, typedOf(s.current!), true) };
};

/** Checks what was typed and shows the resulting lines, final score and band. Writes nothing. */
export const previewScore = async (ctx: ReadContext, v: ValueOf<'score.preview'>) => {
  const correcting = v.supersedes !== undefined;
  const s = await scorable(ctx, v);
  const typed = typedFromForm(ctx.event.formValue);
  const checked = validateEntry(s.contract.rubric, s.contract.clauses, typed, correcting);
  if (!checked.ok)
    return {
      toast: { type: 'error' as const, content: checked.error },
      card: formCard(s, v.month, typed, correcting, checked.error),
    };
  return {
    card: raw(
      buildScorePreviewCard({
        contract: headOf(s),
        month: v.month,
        entry: checked.entry,
        current: correcting ? currentOf(s) : undefined,
      }),
    ),
  };
};

/** 返回修改: the form again with the previewed values. */
export const editScore = async (ctx: ReadContext, v: ValueOf<'score.edit'>) => {
  const s = await scorable(ctx, v);
  return { card: formCard(s, v.month, typedFromPayload(v), v.supersedes !== undefined) };
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
  const card = buildScoreRecordedCard({
    contract: headOf(r),
    month: v.month,
    score: r.score,
    band: r.entry.band.label,
    previous: r.previous,
    reason: r.entry.reason,
  });
  const verb = r.previous ? '已更正' : '已录入';
  return { toast: { type: 'success' as const, content: `${v.month} 考核成绩${verb}` }, card: raw(card) };
};

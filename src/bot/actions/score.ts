import {
  buildScoreFormCard,
  buildScorePreviewCard,
  buildScoreRecordedCard,
  type ContractHead,
} from '../../cards/score';
import { buildScoreListCard } from '../../cards/score-list';
import { shanghaiDate } from '../../domain/calendar';
import { DomainError } from '../../domain/errors';
import {
  type Typed,
  typedFromForm,
  typedFromPayload,
  typedOf,
  validateEntry,
} from '../../domain/score-entry';
import type { ScoreEntryPayload } from '../../domain/score-payload';
import { lastServedDay, loadScorable, type Scorable } from '../../features/scoring/access';
import { assessedContracts } from '../../features/scoring/list';
import { recordScore } from '../../features/scoring/record';
import { writeTx } from '../types';
import { type ActionHandler, type CardContext, raw } from './types';

type Target = { contract: number; month: string };
type Payload = ScoreEntryPayload;

const today = (ctx: CardContext) => shanghaiDate(ctx.deps.now());

function headOf(s: Scorable): ContractHead {
  const c = s.contract;
  return {
    id: c.id,
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

/** 月度考核: the actor's contracts and their months. Read-only. */
export const showScoreList: ActionHandler = async (ctx) => {
  if (!ctx.actor) throw new DomainError('unknown_person', '您尚未加入组织架构,请联系管理员');
  return { card: raw(buildScoreListCard(await assessedContracts(ctx.tx, ctx.actor.personId, today(ctx)))) };
};

/** The entry form of a month (also the target of the scoring reminders). Read-only. */
export const openScoreForm: ActionHandler<{ a: 'score.form' } & Target> = async (ctx, v) => {
  const s = await loadScorable(ctx.tx, ctx.actor, v.contract, v.month, today(ctx), { mode: 'new' });
  return { card: formCard(s, v.month, {}, false) };
};

/** The correction form, filled with the current values; a reason is required. Read-only. */
export const openScoreCorrection: ActionHandler<{ a: 'score.correct' } & Target> = async (ctx, v) => {
  const s = await loadScorable(ctx.tx, ctx.actor, v.contract, v.month, today(ctx), { mode: 'correct' });
  return { card: formCard(s, v.month, typedOf(s.current!), true) };
};

/** Checks what was typed and shows the resulting lines, final score and band. Writes nothing. */
export const previewScore: ActionHandler<{ a: 'score.preview'; supersedes?: number } & Target> = async (
  ctx,
  v,
) => {
  const correcting = v.supersedes !== undefined;
  const s = await loadScorable(ctx.tx, ctx.actor, v.contract, v.month, today(ctx), {
    mode: correcting ? 'correct' : 'new',
    supersedes: v.supersedes,
  });
  const typed = typedFromForm(ctx.event.formValue);
  const checked = validateEntry(s.contract.rubric, s.contract.clauses, typed, correcting);
  if (!checked.ok)
    return {
      toast: { type: 'error', content: checked.error },
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

/** 返回修改: the form again with the previewed values. Read-only. */
export const editScore: ActionHandler<{ a: 'score.edit' } & Payload> = async (ctx, v) => {
  const correcting = v.supersedes !== undefined;
  const s = await loadScorable(ctx.tx, ctx.actor, v.contract, v.month, today(ctx), {
    mode: correcting ? 'correct' : 'new',
    supersedes: v.supersedes,
  });
  return { card: formCard(s, v.month, typedFromPayload(v), correcting) };
};

/** 确认提交: every check again under the contract's lock, then the score (or correction) is written. */
export const confirmScore: ActionHandler<{ a: 'score.confirm' } & Payload> = async (ctx, v) => {
  const r = await recordScore(writeTx(ctx), {
    actor: ctx.actor,
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
  return { toast: { type: 'success', content: `${v.month} 考核成绩${verb}` }, card: raw(card) };
};

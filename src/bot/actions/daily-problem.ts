/** 问题整改 from the score: the 转为整改 form of a recorded deduction, and raising it. */
import { buildDailyProblemFormCard } from '../../cards/daily-problem';
import { buildRectificationCard } from '../../cards/rectification';
import { requireActor } from '../../domain/actor';
import { shanghaiDate } from '../../domain/calendar';
import { formText } from '../../domain/form';
import { dailyProblemForm, raiseDailyProblem } from '../../features/inspections/daily';
import { raw } from '../types';
import type { ActionWriteContext, ReadContext, ValueOf } from './types';

export const showDailyProblemForm = async (ctx: ReadContext, v: ValueOf<'daily.form'>) => {
  const today = shanghaiDate(ctx.deps.now());
  const view = await dailyProblemForm(ctx.tx, requireActor(ctx.actor), {
    contractId: v.contract,
    month: v.month,
    rubricItem: v.item,
    today,
  });
  return { card: raw(buildDailyProblemFormCard(view)) };
};

export const raiseDailyProblemFromCard = async (ctx: ActionWriteContext, v: ValueOf<'daily.raise'>) => {
  const form = ctx.event.formValue;
  const now = ctx.deps.now();
  const r = await raiseDailyProblem(
    { tx: ctx.tx, actor: requireActor(ctx.actor), now, out: ctx.out },
    {
      contractId: v.contract,
      month: v.month,
      rubricItem: v.item,
      finding: formText(form, 'problem'),
      ownerOpenId: formText(form, 'problem_owner'),
      dueOn: formText(form, 'problem_due').slice(0, 10),
      today: shanghaiDate(now),
    },
  );
  const repeats = r.view.daily?.repeats ?? 0;
  return {
    toast: {
      type: 'success' as const,
      content: `已转为整改,交 ${r.view.owner} 于 ${r.item.dueOn} 前完成${repeats ? `(重复发生 ${repeats} 次)` : ''}`,
    },
    card: raw(buildRectificationCard(r.view)),
  };
};

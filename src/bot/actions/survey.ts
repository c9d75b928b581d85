/** 满意度测评 (rule 7) from the card: a recipient's answer, shown back to them alone. */
import { surveyAnsweredCard } from '../../cards/survey';
import { answerSurvey } from '../../features/surveys/answers';
import { raw } from '../types';
import type { ActionWriteContext, ValueOf } from './types';

/**
 * 提交 on a survey card. The value names only the round: the feature checks the clicker's own invite,
 * so a forwarded or forged click is refused and writes nothing. No log line here names the ratings.
 */
export const answerSurveyFromCard = async (ctx: ActionWriteContext, v: ValueOf<'survey.answer'>) => {
  const r = await answerSurvey(
    { tx: ctx.tx, actor: ctx.actor, now: ctx.deps.now() },
    { roundId: v.round, form: ctx.event.formValue },
  );
  const answer = r.view.answer;
  return {
    toast: {
      type: 'success' as const,
      content: r.changed
        ? answer.revision > 1
          ? '已修改您的评价,感谢参与满意度测评'
          : '已提交,感谢参与满意度测评'
        : '您的评价已记录,内容未变化',
    },
    card: raw(surveyAnsweredCard({ ...r.view, answer })),
  };
};

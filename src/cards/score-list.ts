import type { ServiceCategory } from '../domain/categories';
import { formatTenths } from '../domain/score';
import { exportButton } from './export-button';
import { button, buttons, card, type Element, hr, md, text } from './kit';
import { headOf, home } from './score';

/** A contract the person assesses, with the months to score and the months scored. */
export type AssessedContract = {
  id: number;
  signedOn: string;
  vendorName: string;
  category: ServiceCategory;
  startsOn: string;
  lastDay: string;
  /** 未开始 / 履行中 / 已到期 / 已终止, as the dates say today. */
  status: string;
  /** Months to score, oldest first. */
  open: string[];
  /**
   * Scored months, newest first, with their current final score (the assessor's) and, where a spot
   * check's score stands for the month (rule 12), the checker's: the one every rule counts. `late`
   * is the month's 逾期补录 label (`逾期补录(应于 09-04 前)`) when its first score came after its due date.
   */
  scored: { month: string; finalTenths: number; checkerTenths?: number; late?: string }[];
};

const OPEN_SHOWN = 12;
const SCORED_SHOWN = 6;

export function buildScoreListCard(list: AssessedContract[]) {
  const elements: Element[] = [];
  if (list.length === 0) elements.push(md('您目前没有需要考核的合同。'));
  for (const c of list) {
    elements.push(
      md(`**${text(headOf(c))}**\n履约期:${text(c.startsOn)} 至 ${text(c.lastDay)} · ${text(c.status)}`),
    );
    if (c.open.length) {
      const more = c.open.length > OPEN_SHOWN ? `(另有 ${c.open.length - OPEN_SHOWN} 个月,录入后显示)` : '';
      elements.push(md(`待录入${more}:`));
      elements.push(
        buttons(
          c.open.slice(0, OPEN_SHOWN).map((month) =>
            button({
              text: `${month} 录入`,
              value: { a: 'score.form', contract: c.id, month },
              type: 'primary',
            }),
          ),
        ),
      );
    } else elements.push(md('当前没有待录入的月份。'));
    if (c.scored.length) {
      elements.push(md('已录入(可更正):'));
      const standing = c.scored.slice(0, SCORED_SHOWN).filter((s) => s.checkerTenths !== undefined);
      if (standing.length)
        elements.push(
          md(
            `${standing.map((s) => `${text(s.month)} 考核人评分 ${formatTenths(s.finalTenths)} 分,抽查评分 ${formatTenths(s.checkerTenths!)} 分`).join(';')}:` +
              '两者差距超出容差,该月按抽查评分计(预警、清退、禁投、结算均按此分)。',
          ),
        );
      elements.push(
        buttons(
          c.scored.slice(0, SCORED_SHOWN).map((s) =>
            button({
              text: `${s.month} · ${formatTenths(s.finalTenths)}分${s.checkerTenths === undefined ? '' : `（以抽查 ${formatTenths(s.checkerTenths)}分为准）`}${s.late ? ` · ${s.late}` : ''} · 更正`,
              value: { a: 'score.correct', contract: c.id, month: s.month },
            }),
          ),
        ),
      );
    }
    elements.push(buttons([exportButton('导出考核台账', { k: 'scores', contract: c.id })]));
    elements.push(hr());
  }
  elements.push(buttons([home()]));
  return card({ title: '月度考核', subtitle: '双线考核:日常考核 + 管理考核', summary: '月度考核', elements });
}

/**
 * 合同态势: how many running (履行中) contracts stand where (正常 / 预警 / 可清退 / 禁投), for one unit
 * as a pie, for the zone as one bar per unit. The counts are written under the chart too: a phone that
 * cannot draw the chart still reads the numbers. Below them, every contract of the scope by the status
 * its dates give, so the ones not counted (未开始, 已到期, 已终止) are accounted for.
 */
import {
  noStatusCounts,
  statusCountsLine,
  TERM_STATUS_LABELS,
  TERM_STATUSES,
  type TermStatusCounts,
} from '../domain/contract-status';
import { STANDING_LABELS as LABELS } from '../domain/standing';
import { standingBarChart } from './charts/standing-bar';
import {
  countsLine,
  noCounts,
  STANDINGS,
  type StandingCounts,
  totalOf,
  type UnitStanding,
} from './charts/standing-data';
import { standingPieChart } from './charts/standing-pie';
import { exportButton } from './export-button';
import { button, buttons, card, type Element, hr, md, text } from './kit';

export {
  STANDING_LABELS,
  STANDINGS,
  type Standing,
  type StandingCounts,
  type UnitStanding,
} from './charts/standing-data';

import { yearOf } from '../domain/business-date';

export interface StandingView {
  /** Business date the standings are as of. */
  asOf: string;
  /** The unit shown alone, or undefined for every unit the person may see. */
  unit?: { id: number; name: string };
  /** True when the person sees the whole zone. */
  zoneWide: boolean;
  /** One row per unit shown (a unit without contracts has zero counts). */
  units: UnitStanding[];
  /** Units the person may open alone, worst first. */
  choices: { id: number; name: string }[];
}

const MAX_CHOICES = 12;

const DEFINITION =
  '口径:履行中的合同(按日期:服务期限已开始、未结束,且未到终止日期),取最严重的一项:禁投(供应商本年或下年被禁止参与该项目投标)> 可清退(清退决策待定或已启动)> 预警(本年平均分预警、累计月数预警,或近3个月的连续低分预警)> 正常。';

function unitLines(units: UnitStanding[]): string {
  return units
    .map((u) => `**${text(u.unitName)}**:${totalOf(u.counts) ? countsLine(u.counts) : '暂无合同'}`)
    .join('\n');
}

/**
 * Each count that is not zero opens the contracts behind it: 合同管理 filtered by that standing (or
 * status) and the unit shown, so the list's count is the card's.
 */
function countButtons(
  total: StandingCounts,
  statuses: TermStatusCounts | undefined,
  unit?: number,
): Element[] {
  const of = unit === undefined ? {} : { unit };
  const standing = STANDINGS.filter((s) => total[s] > 0).map((s) =>
    button({ text: `${LABELS[s]} ${total[s]}`, value: { a: 'contract.list', standing: s, ...of } }),
  );
  const status = statuses
    ? TERM_STATUSES.filter((s) => s !== 'running' && statuses[s] > 0).map((s) =>
        button({
          text: `${TERM_STATUS_LABELS[s]} ${statuses[s]}`,
          value: { a: 'contract.list', status: s, ...of },
        }),
      )
    : [];
  if (!standing.length && !status.length) return [];
  return [
    md('查看合同:'),
    ...(standing.length ? [buttons(standing)] : []),
    ...(status.length ? [buttons(status)] : []),
  ];
}

export function buildStandingCard(v: StandingView) {
  const total = noCounts();
  for (const u of v.units) for (const s of STANDINGS) total[s] += u.counts[s];
  const elements: Element[] = [];
  const single = v.unit ? v.units.find((u) => u.unitId === v.unit?.id) : undefined;
  const chart = v.unit
    ? standingPieChart(v.unit.name, single?.counts ?? noCounts())
    : standingBarChart(v.units);
  const scope = v.unit ? v.unit.name : v.zoneWide ? '全园区' : '您所在单位';
  const statuses = noStatusCounts();
  for (const u of v.units) for (const s of TERM_STATUSES) statuses[s] += u.statuses?.[s] ?? 0;
  const known = v.units.some((u) => u.statuses);
  elements.push(
    md(
      `**${text(scope)}** 履行中合同 ${totalOf(total)} 份(截至 ${v.asOf})\n${countsLine(total)}` +
        (known ? `\n全部合同按状态:${statusCountsLine(statuses)}` : ''),
    ),
  );
  if (chart) elements.push(chart);
  else elements.push(md('暂无履行中的合同。'));
  elements.push(...countButtons(total, known ? statuses : undefined, v.unit?.id));
  if (!v.unit && v.units.length > 1) elements.push(md(unitLines(v.units)));
  elements.push(md(DEFINITION));
  const nav: Element[] = [];
  if (v.unit && (v.zoneWide || v.choices.length > 1))
    nav.push(button({ text: v.zoneWide ? '全园区' : '全部单位', value: { a: 'standing.show' } }));
  const choices = v.choices.filter((c) => c.id !== v.unit?.id);
  if (!v.unit || v.choices.length > 1)
    for (const c of choices.slice(0, MAX_CHOICES))
      nav.push(
        button({ text: [...c.name].slice(0, 10).join(''), value: { a: 'standing.show', unit: c.id } }),
      );
  if (nav.length) elements.push(hr(), md('查看单位:'), buttons(nav));
  const year = yearOf(v.asOf);
  const ledger = { k: 'scores' as const, year, ...(v.unit ? { unit: v.unit.id } : {}) };
  elements.push(
    buttons([
      exportButton(`导出${year}年考核台账`, ledger),
      button({ text: '返回主菜单', value: { a: 'menu.show' } }),
    ]),
  );
  return card({ title: '合同态势', subtitle: scope, template: 'wathet', summary: '合同态势', elements });
}

/**
 * 复算核验 from the 纪检监察看板 (and the same answer as `audit:replay`): rules 8 to 15 recomputed from
 * the audit trail alone and compared with what the system holds and sent. Counts per area, then each
 * finding (the first ones, with a note when there are more).
 */
import { button, buttons, card, hr, md, text } from './kit';

export type ReplayView = {
  ok: boolean;
  /** When the replay ran, Asia/Shanghai, as 2026-12-07 09:30. */
  at: string;
  /** 全园区, or the units replayed. */
  scope: string;
  contracts: number;
  counts: { label: string; checked: number; agreed: number }[];
  findings: string[];
  notes: string[];
};

const SHOWN = 20;

/** `评分:复算 12 项,一致 12 项`. */
export const replayCountLine = (c: ReplayView['counts'][number]) =>
  `${c.label}:复算 ${c.checked} 项,一致 ${c.agreed} 项${c.checked > c.agreed ? `,不一致 ${c.checked - c.agreed} 项` : ''}`;

export function buildReplayCard(v: ReplayView) {
  const findings = v.findings.slice(0, SHOWN).map((f) => `- ${text(f)}`);
  if (v.findings.length > SHOWN) findings.push(`仅显示前 ${SHOWN} 项,共 ${v.findings.length} 项。`);
  return card({
    title: v.ok ? '复算核验 · 一致' : '复算核验 · 发现不一致',
    subtitle: `${v.scope} · ${v.at}`,
    template: v.ok ? 'green' : 'red',
    summary: v.ok ? '复算核验一致' : `复算核验发现 ${v.findings.length} 项不一致`,
    elements: [
      md(
        v.ok
          ? `截至 ${text(v.at)},按审计记录和政策版本复算 ${v.contracts} 份合同,结果与系统记录、已发通知**全部一致**。`
          : `截至 ${text(v.at)},按审计记录和政策版本复算 ${v.contracts} 份合同,**发现 ${v.findings.length} 项不一致**,请逐项核查所列记录。`,
      ),
      md(
        '复算内容:每月评分(含抽查分的效力)、考核预警及其发送、清退权、禁投的决定与解除及其通知、每期结算的分档扣减与年度封顶、节约资金。复算只读审计记录和政策版本,与系统的计算互不依赖。',
      ),
      hr(),
      md(v.counts.map((c) => `- ${text(replayCountLine(c))}`).join('\n') || '无可复算的记录'),
      ...v.notes.map((n) => md(`说明:${text(n)}`)),
      ...(findings.length ? [md(`**不一致之处**\n${findings.join('\n')}`)] : []),
      buttons([
        button({ text: '返回看板', value: { a: 'board.show' } }),
        button({ text: '返回主菜单', value: { a: 'menu.show' } }),
      ]),
    ],
  });
}

/**
 * 验证抽样: the answer to a checker who re-drew a spot check from the audit trail (what
 * `spotcheck:verify` prints), in words an officer reads: 抽样一致, or 不一致 with what differs.
 */
import { button, buttons, card, md, text } from './kit';

export type SpotCheckVerifyView = {
  id: number;
  ok: boolean;
  /** Each comparison: what was compared, what was found (一致, 不一致, 尚未抽取...), whether it held. */
  checks: { pass: boolean; what: string; found: string }[];
};

const line = (c: SpotCheckVerifyView['checks'][number]) =>
  `${c.pass ? '✅' : '❌'} ${text(c.what)}:**${text(c.found)}**`;

export function buildSpotCheckVerifyCard(v: SpotCheckVerifyView) {
  const differs = v.checks.filter((c) => !c.pass);
  const verdict = v.ok
    ? '已按审计记录中的种子和抽取时的考核记录重新抽取:**抽样一致**,与已抽取的样本完全相同。'
    : `已按审计记录重新抽取:**抽样不一致**。不一致之处:\n${differs.map(line).join('\n')}\n请将本结果报纪检监察,核查抽查记录是否被改动。`;
  return card({
    title: `抽查 #${v.id} · ${v.ok ? '抽样一致' : '抽样不一致'}`,
    template: v.ok ? 'green' : 'red',
    summary: `抽查 #${v.id} ${v.ok ? '抽样一致' : '抽样不一致'}`,
    elements: [
      md(verdict),
      md(`**核对项**\n${v.checks.map(line).join('\n')}`),
      md('本核验只读取记录,不修改任何数据;可随时再次核验。'),
      buttons([
        button({ text: '返回抽查', value: { a: 'spotcheck.show', check: v.id } }),
        button({ text: '返回主菜单', value: { a: 'menu.show' } }),
      ]),
    ],
  });
}

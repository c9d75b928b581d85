/**
 * 审计核验 from the 纪检监察看板: what `audit:verify` checks (every hash chain, the trail against the
 * anchors outside the database, state rows without their audit rows), answered in Chinese.
 */
import { button, buttons, card, hr, md, text } from './kit';

export type AuditVerifyView = {
  ok: boolean;
  /** When the check ran, Asia/Shanghai, as 2026-12-07 09:30. */
  at: string;
  chains: string;
  anchors?: string;
  notes: string[];
  findings: string[];
};

const SHOWN = 20;

export function buildAuditVerifyCard(v: AuditVerifyView) {
  const findings = v.findings.slice(0, SHOWN).map((f) => `- ${text(f)}`);
  if (v.findings.length > SHOWN) findings.push(`仅显示前 ${SHOWN} 项,共 ${v.findings.length} 项。`);
  return card({
    title: v.ok ? '审计核验 · 通过' : '审计核验 · 发现问题',
    subtitle: v.at,
    template: v.ok ? 'green' : 'red',
    summary: v.ok ? '审计核验通过' : `审计核验发现 ${v.findings.length} 项问题`,
    elements: [
      md(
        v.ok
          ? `截至 ${text(v.at)},审计记录**完好**:未发现篡改、删除或缺失。`
          : `截至 ${text(v.at)},审计记录**发现 ${v.findings.length} 项问题**,审计记录可能被删改,请立即组织核查。`,
      ),
      md(
        '核验内容:每条审计链的哈希是否环环相扣;审计记录与数据库外保存的锚点是否一致;应有审计记录的业务数据(采购申请、合同、评分等)是否缺少审计记录。',
      ),
      hr(),
      md(text(v.chains)),
      ...(v.anchors ? [md(text(v.anchors))] : []),
      ...v.notes.map((n) => md(`说明:${text(n)}`)),
      ...(findings.length ? [md(`**发现的问题**\n${findings.join('\n')}`)] : []),
      buttons([
        button({ text: '返回看板', value: { a: 'board.show' } }),
        button({ text: '返回主菜单', value: { a: 'menu.show' } }),
      ]),
    ],
  });
}

import { card, md, text } from './kit';

/** What the anchor card shows: the numbers a reader can compare, and the digest to keep. */
export type AnchorView = {
  n: number;
  date: string;
  /** When it was taken, in Asia/Shanghai, as 2026-11-30 01:30. */
  takenAt: string;
  chains: number;
  rows: number;
  digest: string;
  /** Chains found shorter than, or rewritten since, the previous anchor: `type/id`. */
  regressed: string[];
};

const SHOWN_REGRESSED = 10;

/**
 * To discipline inspection, once a day: the digest of every audit chain's head. The message itself
 * is the witness outside the database, so it says what to keep and how it is checked.
 */
export function auditAnchorCard(v: AnchorView) {
  const alarm = v.regressed.length > 0;
  const elements = [
    md(
      text(`截至 ${v.takenAt},全区审计记录共 ${v.rows} 条,分属 ${v.chains} 条审计链。第 ${v.n} 号锚点摘要:`),
    ),
    // Hex only, so nothing in it can be markdown.
    md(`**${v.digest.replace(/[^0-9a-f]/g, '')}**`),
    md(
      text(
        '请保留本消息,勿删除:它是审计记录未被篡改的外部凭证。核验时请在纪检监察看板点击「审计核验」,' +
          '结果应为通过;并可请运维人员以上述摘要核对锚点文件(audit:verify 命令的 --digest 参数)。',
      ),
    ),
  ];
  if (alarm) {
    const shown = v.regressed.slice(0, SHOWN_REGRESSED).join('、');
    const more = v.regressed.length > SHOWN_REGRESSED ? ` 等 ${v.regressed.length} 条` : '';
    elements.unshift(
      md(
        text(
          `⚠️ 发现 ${v.regressed.length} 条审计链比上一锚点短、缺失或被改写(${shown}${more}),` +
            '审计记录可能被删改,请立即组织核查。',
        ),
      ),
    );
  }
  return card({
    title: alarm ? `审计锚点 #${v.n}:发现异常` : `审计锚点 #${v.n}`,
    subtitle: v.date,
    template: alarm ? 'red' : 'grey',
    summary: alarm ? `审计锚点 ${v.date}:发现审计记录异常` : `审计锚点 ${v.date}:${v.rows} 条记录`,
    elements,
  });
}

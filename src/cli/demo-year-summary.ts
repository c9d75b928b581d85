import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { contractNumber } from '../domain/contract-format';
import { formatYuan } from '../domain/money';
import { SIGNED_ON, YEAR } from './demo-year-import';

/** A threshold notice's key (`below:2025-03`, `cumulative:2`, `average:2025`) as the inspector reads it. */
export function warningText(key: string): string {
  const [kind, arg] = key.split(':');
  if (kind === 'below') return `连续低分预警(截至${arg})`;
  if (kind === 'cumulative') return `累计低分预警(已${arg}个月)`;
  if (kind === 'average') return `年度平均分预警(${arg}年)`;
  return '其他预警';
}

const CASE_STATUS: Record<string, string> = { pending: '待决定', started: '启动清退', withdrawn: '已撤回' };

/** The year in a few lines, read back from the database: what the inspector would check. */
export async function yearSummary(db: Db, contractId: number): Promise<string[]> {
  const scores = await db.execute<{ month: string; score: string }>(
    sql`select month, to_char(final_tenths / 10.0, 'FM990.0') as score from monthly_scores
        where contract_id = ${contractId} and current order by month`,
  );
  const notices = await db.execute<{ key: string }>(
    sql`select key from threshold_notices where contract_id = ${contractId} order by sent_at, key`,
  );
  const cases = await db.execute<{ rule: string; months: string[]; status: string; reason: string | null }>(
    sql`select rule, months, status, reason from termination_cases where contract_id = ${contractId} order by id`,
  );
  const settled = await db.execute<{ label: string; deduct_bp: number; deduction: string; payable: string }>(
    sql`select period_label as label, deduct_bp, deduction_fen::text as deduction, payable_fen::text as payable
        from settlements where contract_id = ${contractId} order by id`,
  );
  const bans = await db.execute<{ year: number; reason: string }>(
    sql`select year, reason from vendor_bans where contract_id = ${contractId}`,
  );
  const [saved] = await db.execute<{ total: string }>(
    sql`select coalesce(sum(amount_fen), 0)::text as total from savings where year = ${YEAR}`,
  );
  return [
    `\n## ${YEAR}年度小结(合同 ${contractNumber({ id: contractId, signedOn: SIGNED_ON })})`,
    `- 月度得分:${scores.map((r) => `${Number(r.month.slice(5))}月 ${r.score}`).join(',')}`,
    `- 预警:${notices.map((n) => warningText(n.key)).join('、') || '无'}`,
    ...cases.map(
      (c) =>
        `- 清退权:${c.rule === 'consecutive' ? '连续低于80分' : '累计低于80分'}(${c.months.join('、')}),决定:${c.status === 'kept' ? `继续履约(${c.reason})` : (CASE_STATUS[c.status] ?? '处理中')}`,
    ),
    ...settled.map(
      (r) =>
        `- ${r.label}结算:扣减 ${r.deduct_bp / 100}% 即 ${formatYuan(BigInt(r.deduction))},应付 ${formatYuan(BigInt(r.payable))}`,
    ),
    ...bans.map((b) => `- 禁投:${b.year}年 · ${b.reason}`),
    `- ${YEAR}年全园区节约资金合计:${formatYuan(BigInt(saved!.total))}`,
  ];
}

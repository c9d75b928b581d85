import { budgetLines } from '../../src/db/schema';
import { askMenu } from './cards';
import type { Harness } from './harness';

let seq = 0;

/**
 * A budget line for a demo unit (by code) in the current Shanghai year: the test process's, or that
 * of `at` (a test whose harness runs at its own pinned clock passes `h.now()`).
 */
export async function addLine(
  h: Harness,
  unitCode: string,
  amountFen: bigint,
  category = 'cleaning',
  at: Date = new Date(),
) {
  const rows = await h.sql`select id from units where code = ${unitCode}`;
  const year = Number(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(at),
  );
  const [line] = await h.db
    .insert(budgetLines)
    .values({
      unitId: Number(rows[0]!.id),
      fiscalYear: year,
      category: category as 'cleaning',
      name: `测试额度${++seq}`,
      amountFen,
      createdBy: 'test',
    })
    .returning();
  return line!;
}

export interface FilingInput {
  line: number;
  amount: string;
  leader: string;
  department: string;
  assessors: string[];
  description?: string;
  /** Unused by the form (the request takes its line's category, rule 1); kept for callers. */
  category?: string;
}

/** Walks the whole filing conversation as the filer would, through the cards. */
export async function fileThroughCards(h: Harness, filer: string, f: FilingInput) {
  const menu = await askMenu(h.sb, filer);
  const start = await h.sb.click(filer, menu, '发起采购');
  if (!start.card) throw new Error(`no filing card: ${JSON.stringify(start.toast)}`);
  const id = menu.messageId;
  const steps: Record<string, unknown>[] = [
    {
      line: String(f.line),
      description: f.description ?? '园区公共区域日常保洁服务',
    },
    {
      why: '本单位无专职保洁人员,外包更专业且规避用工风险',
      suppliers: '3',
      price_low: '18万',
      price_high: '22万',
    },
    { amount: f.amount, method: 'open_tender' },
    { leader: f.leader, department: f.department, assessors: f.assessors },
  ];
  for (const form of steps) {
    const r = await h.sb.click(filer, id, '下一步', form);
    if (r.toast) throw new Error(`step refused: ${JSON.stringify(r.toast)}`);
  }
  return h.sb.click(filer, id, '提交审批');
}

/** The request number in a submission's toast (已提交采购申请 #N). */
export const requestIdOf = (toast: unknown) => Number(/#(\d+)/.exec(JSON.stringify(toast))![1]);

/** The demo's usual filing: 张伟 files for the asset company, 王建国 and 李秀英 responsible; returns the request id. */
export async function fileStandard(h: Harness, amount: string, category = 'cleaning') {
  const line = await addLine(h, 'asset', 50_000_000n, category);
  const p = h.person;
  const res = await fileThroughCards(h, p('张伟'), {
    line: line.id,
    amount,
    leader: p('王建国'),
    department: p('李秀英'),
    assessors: [p('张伟')],
    category,
  });
  return requestIdOf(res.toast);
}

/**
 * What a history import says and records. History imported is history (DESIGN.md, going live): the
 * months it brings feed the same engines as typed ones, but no warning or decision card goes out for
 * a month long past; instead each import sends one summary to the leadership of each unit it touched,
 * and records one audit row that says it was history, with its counts.
 */
import { appendAudit } from '../../audit/append';
import { rawSql, type Tx } from '../../db/client';
import { unitLeadershipOn } from '../../db/sql/bans';
import { OutboxWriter } from '../../outbox/write';
import type { ImportContext } from '../import-kind/kind';

/** Said on every history preview: what the import will send, and what it will not. */
export const HISTORY_NOTE =
  '历史数据导入:导入后向所涉单位的领导班子各发送一条汇总通知,不会为已过去的月份逐月发送考核预警、催办或清退决策卡;此后新录入的评分照常预警,清退权在下一次低于标准的评分时提出。';

/** The most lines one summary lists before it says how many more there are. */
const MAX_LINES = 30;

/**
 * One text per leadership member of each unit in `byUnit` (its lines: what was imported for it),
 * written to the outbox in the import's transaction; the relay sends it after commit. Returns how
 * many messages were written.
 */
export async function sendHistorySummary(
  tx: Tx,
  {
    byUnit,
    what,
    ctx,
    extra = () => [],
  }: {
    byUnit: Map<number, string[]>;
    what: string;
    ctx: ImportContext;
    extra?: (unitId: number) => string[];
  },
): Promise<number> {
  if (byUnit.size === 0) return 0;
  const leaders = await unitLeadershipOn(rawSql(tx), [...byUnit.keys()]);
  const out = new OutboxWriter(tx);
  let sent = 0;
  for (const [unitId, lines] of byUnit) {
    const shown = lines.slice(0, MAX_LINES);
    const more = lines.length - shown.length;
    const text = [
      `【历史数据导入】${ctx.actor.name} 导入了本单位的${what}(共 ${lines.length} 条):`,
      ...shown.map((l) => `· ${l}`),
      ...(more > 0 ? [`……另有 ${more} 条`] : []),
      ...extra(unitId),
      '以上为历史数据,已计入清退条件、禁投评定和结算;已过去的月份不再逐月发送预警和催办。此后新录入的评分照常预警,清退权在下一次低于标准的评分时向分管领导提出。',
    ].join('\n');
    for (const openId of leaders.get(unitId) ?? []) {
      await out.send({ type: 'open_id', id: openId }, { text });
      sent++;
    }
  }
  return sent;
}

/** The import's own audit row: `import.history` on the kind's chain, with its counts. */
export function auditHistoryImport(tx: Tx, kind: string, counts: Record<string, number>, ctx: ImportContext) {
  return appendAudit(tx, {
    aggregateType: 'history_import',
    aggregateId: kind,
    actor: ctx.actor.openId,
    action: 'import.history',
    data: { kind, history: true, counts },
    at: ctx.now,
  });
}

/**
 * Signal 7, 禁投与解除: bidding bans recorded, and bans lifted (rule 10's re-judging), in this business
 * year and the last (by when it happened, Asia/Shanghai).
 */
import { and, asc, eq, gte, inArray, isNotNull } from 'drizzle-orm';
import type { BoardLine } from '../../cards/board';
import type { DbOrTx } from '../../db/client';
import { units, vendorBans, vendors } from '../../db/schema';
import { shanghaiDate, shanghaiMidnight } from '../../domain/calendar';
import { CATEGORY_LABELS } from '../../domain/categories';
import { type BoardScope, unitList } from './scope';

export async function bansRecordedAndLifted(db: DbOrTx, s: BoardScope, year: number): Promise<BoardLine[]> {
  const since = shanghaiMidnight(`${year - 1}-01-01`);
  const scope = s.units === null ? undefined : inArray(vendorBans.unitId, unitList(s));
  const query = (lifted: boolean) =>
    db
      .select({ ban: vendorBans, vendor: vendors.name, unitName: units.name })
      .from(vendorBans)
      .innerJoin(vendors, eq(vendors.id, vendorBans.vendorId))
      .innerJoin(units, eq(units.id, vendorBans.unitId))
      .where(
        lifted
          ? and(isNotNull(vendorBans.liftedAt), gte(vendorBans.liftedAt, since), scope)
          : and(gte(vendorBans.createdAt, since), scope),
      )
      .orderBy(asc(vendorBans.id));
  const [recorded, lifted] = await Promise.all([query(false), query(true)]);
  const project = (r: (typeof recorded)[number]) => `${r.unitName}${CATEGORY_LABELS[r.ban.category]}项目`;
  return [
    ...recorded.map((r) => ({
      key: 'ban_recorded' as const,
      id: r.ban.id,
      unitId: r.ban.unitId,
      text: `${shanghaiDate(r.ban.createdAt)} 登记禁投:${r.vendor} 不得参与${project(r)} ${r.ban.year} 年投标${r.ban.liftedAt ? '(已解除)' : ''}`,
      detailTitle: `禁投登记 · ${r.vendor}`,
      rows: [`原因:${r.ban.reason}`, `登记人:${r.ban.createdBy}`],
    })),
    ...lifted.map((r) => ({
      key: 'ban_lifted' as const,
      id: r.ban.id,
      unitId: r.ban.unitId,
      text: `${shanghaiDate(r.ban.liftedAt!)} 解除禁投:${r.vendor} 可参与${project(r)} ${r.ban.year} 年投标`,
      detailTitle: `禁投解除 · ${r.vendor}`,
      rows: [`原禁投原因:${r.ban.reason}`, `解除原因:${r.ban.liftedReason ?? '—'}`],
    })),
  ];
}

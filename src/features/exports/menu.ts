/**
 * The sheets the 导出 card offers a person: each candidate is put to `authorizeExport`, the rule the
 * click and the build apply, so the card shows only what the person's roles allow now.
 */
import type { ExportChoice } from '../../cards/export-menu';
import type { DbOrTx } from '../../db/client';
import type { Actor } from '../../domain/actor';
import { DomainError } from '../../domain/errors';
import { authorizeExport } from './access';

export async function exportChoices(db: DbOrTx, actor: Actor, year: number): Promise<ExportChoice[]> {
  const candidates: ExportChoice[] = [
    { text: `${year}年考核台账`, value: { k: 'scores', year } },
    { text: `${year}年节约资金台账`, value: { k: 'savings', year } },
    { text: '整改事项', value: { k: 'rectifications' } },
  ];
  const allowed = await Promise.all(
    candidates.map(async ({ value: { k, ...params } }) => {
      try {
        await authorizeExport(db, actor, k, params);
        return true;
      } catch (e) {
        if (e instanceof DomainError) return false;
        throw e;
      }
    }),
  );
  return candidates.filter((_, i) => allowed[i]);
}

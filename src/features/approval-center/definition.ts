import type { Db } from '../../db/client';
import { rawSql } from '../../db/client';
import { definitionCode, insertDefinitionOn, lockDefinitionsOn } from '../../db/sql/approval-center';
import { type ApprovalCenterOutcome, defineExternalApproval } from '../../feishu/approval-center';
import type { FeishuClient } from '../../feishu/client';
import { DEFINITION_CODE, definitionPayload } from './payload';

/**
 * The approval_code of the deployment's definition: read from approval_center_definitions, or
 * created in Feishu (POST external_approvals) and stored, once. The creation holds the table's lock
 * until the row is stored, so workers starting together create one definition, not one each.
 */
export async function ensureDefinition(
  db: Db,
  feishu: FeishuClient,
): Promise<{ approvalCode: string } | { outcome: ApprovalCenterOutcome }> {
  const known = await definitionCode(db, DEFINITION_CODE);
  if (known) return { approvalCode: known };
  return db.transaction(async (tx) => {
    const sql = rawSql(tx);
    await lockDefinitionsOn(sql);
    const raced = await definitionCode(tx, DEFINITION_CODE);
    if (raced) return { approvalCode: raced };
    const r = await defineExternalApproval(feishu, definitionPayload(feishu.sdk.appId));
    if (r.outcome.kind !== 'ok' || !r.approvalCode) return { outcome: r.outcome };
    await insertDefinitionOn(sql, DEFINITION_CODE, r.approvalCode);
    return { approvalCode: r.approvalCode };
  });
}

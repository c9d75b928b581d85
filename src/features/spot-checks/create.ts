/**
 * Step 1 of a spot check, 确认范围: the scope is fixed and a fresh 32-byte seed drawn, its SHA-256
 * recorded, audited and shown, all before any assessment is read: whoever sees the hash can later
 * check the draw was not steered by the population (the seed cannot change, and the draw is a
 * function of it and the population alone).
 */
import { createHash, randomBytes } from 'node:crypto';
import { appendAudit } from '../../audit/append';
import type { Tx } from '../../db/client';
import { loadPolicy } from '../../db/policy';
import { spotChecks } from '../../db/schema';
import type { Actor } from '../../domain/actor';
import { DomainError } from '../../domain/errors';
import type { FormValues } from '../../domain/form';
import { parseSpotCheckForm } from '../../domain/spot-check-form';
import { requireChecker, scopeUnits } from './access';

export type SpotCheckRow = typeof spotChecks.$inferSelect;

export const seedHashOf = (seedHex: string) =>
  createHash('sha256').update(Buffer.from(seedHex, 'hex')).digest('hex');

export async function createSpotCheck(
  tx: Tx,
  input: { actor: Actor | undefined; form: FormValues; now: Date },
): Promise<SpotCheckRow> {
  const actor = requireChecker(input.actor);
  const parsed = parseSpotCheckForm(input.form);
  if (!parsed.ok) throw new DomainError('bad_spot_check', parsed.errors.join(';'));
  const v = parsed.value;
  const unitIds = scopeUnits(actor, v.unitIds);
  const policy = await loadPolicy(tx);
  const seed = randomBytes(32).toString('hex');
  const seedHash = seedHashOf(seed);
  const scope = { unitIds, categories: v.categories, fromMonth: v.fromMonth, toMonth: v.toMonth };
  const [row] = await tx
    .insert(spotChecks)
    .values({
      createdBy: actor.personId,
      scope,
      sampleSize: v.sampleSize,
      sampleBp: v.sampleBp,
      seed,
      seedHash,
      policyVersion: policy.version,
      createdAt: input.now,
    })
    .returning();
  // The seed itself stays out of this row: it is audited with the draw, once the hash is on record.
  await appendAudit(tx, {
    aggregateType: 'spot_check',
    aggregateId: row!.id,
    actor: actor.openId,
    action: 'spot_check.created',
    data: { scope, sampleSize: v.sampleSize, sampleBp: v.sampleBp, seedHash, policyVersion: policy.version },
    at: input.now,
  });
  return row!;
}

import { desc, eq } from 'drizzle-orm';
import { type Policy, parsePolicy } from '../domain/policy';
import type { DbOrTx } from './client';
import { policies } from './schema';

/** The newest policy version, or a given one (a request keeps the version it was filed under). */
export async function loadPolicy(db: DbOrTx, version?: number): Promise<Policy & { version: number }> {
  const [row] =
    version === undefined
      ? await db.select().from(policies).orderBy(desc(policies.version)).limit(1)
      : await db.select().from(policies).where(eq(policies.version, version));
  if (!row) throw new Error(`policy version ${version ?? 'latest'} is missing`);
  return { ...parsePolicy(row.values, row.version), version: row.version };
}

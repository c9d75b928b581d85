import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client';
import type { Sandbox } from '../../src/sandbox';

/** Waits until every outbox row written so far has been delivered (none pending, none failed). */
export async function outboxDelivered(sb: Sandbox, db: Db, timeoutMs: number): Promise<void> {
  await sb.waitFor(async () => {
    const [r] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from outbox where status <> 'sent'`,
    );
    return r!.n === 0 || undefined;
  }, timeoutMs);
}

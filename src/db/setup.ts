import { createDb } from './client';
import { ensureDatabase, runMigrations } from './migrate';
import { ensureAppLogin } from './app-role';

/**
 * Before a process starts: the database exists and is migrated, as the owner, and the bot's login
 * role exists in gps_app where the owner may see to it (roles.ts). Returns whether the bot will
 * connect as the owner itself (single-role: the audit trail is then only tamper-evident).
 */
export async function prepareDatabase(ownerUrl: string, appUrl: string): Promise<'same-role' | 'ready'> {
  await ensureDatabase(ownerUrl);
  const { db, sql } = createDb(ownerUrl, { max: 1 });
  try {
    await runMigrations(db);
  } finally {
    await sql.end();
  }
  return ensureAppLogin(ownerUrl, appUrl);
}

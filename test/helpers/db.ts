import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createDb } from '../../src/db/client';
import { runMigrations } from '../../src/db/migrate';
import { ensureAppLogin } from '../../src/db/app-role';

export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** The bot's login role in tests, a member of gps_app, as in production (README, "Database roles"). */
export const APP_USER = 'gps_bot';

/**
 * A fresh database per test file, migrated with the real migrations. `db`, `sql` and `url` are the
 * owner's (fixtures, tampering); `appUrl` is the bot's role, which the app under test connects as.
 * `drop()` removes it. `adminUrl` names another server (a private cluster a test may restart).
 */
export async function createTestDb(max = 10, adminUrl = ADMIN_URL) {
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const { db, sql } = createDb(url.toString(), { max });
  await runMigrations(db);
  const appUrl = new URL(url);
  appUrl.username = APP_USER;
  await ensureAppLogin(url.toString(), appUrl.toString());
  return {
    db,
    sql,
    url: url.toString(),
    appUrl: appUrl.toString(),
    name,
    async drop() {
      await sql.end({ timeout: 1 });
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
export type TestDb = Awaited<ReturnType<typeof createTestDb>>;

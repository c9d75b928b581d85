import { loadConfig } from '../config';
import { createDb } from '../db/client';
import { ensureDatabase, runMigrations } from '../db/migrate';

const config = loadConfig();
await ensureDatabase(config.databaseUrl);
const { db, sql } = createDb(config.databaseUrl, { max: 1 });
await runMigrations(db);
await sql.end();
console.log(`migrations applied to ${new URL(config.databaseUrl).pathname.slice(1)}`);

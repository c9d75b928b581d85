import { loadConfig } from '../config';
import { AppRoleError } from '../db/app-role';
import { prepareDatabase } from '../db/setup';

const config = loadConfig();
try {
  const roles = await prepareDatabase(config.databaseOwnerUrl, config.databaseUrl);
  const db = new URL(config.databaseUrl).pathname.slice(1);
  console.log(
    roles === 'same-role'
      ? `migrations applied to ${db}; the bot connects as the owner (set DATABASE_URL to a member of gps_app)`
      : `migrations applied to ${db}; the bot's role ${decodeURIComponent(new URL(config.databaseUrl).username)} is in gps_app`,
  );
} catch (err) {
  console.error(`db:migrate failed: ${err instanceof AppRoleError ? err.message : String(err)}`);
  process.exitCode = 1;
}

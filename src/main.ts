import { parseArgs } from 'node:util';
import { type App, type Role, startApp } from './app';
import { auditKeyFingerprint, useAuditKey } from './audit/key';
import { ConfigError, loadConfig } from './config';
import { isConnectionLost } from './db/lanes';
import { AppRoleError } from './db/app-role';
import { prepareDatabase } from './db/setup';
import { createLogger } from './log';
import { bootSandbox, seedDemoGroups } from './sandbox-boot';

const SHUTDOWN_LIMIT_MS = 9_500;

function fail(line: string): never {
  console.error(line);
  process.exit(1);
}

const { values } = parseArgs({
  options: { role: { type: 'string', default: 'all' } },
  allowPositionals: true,
});
const role = values.role as Role;
if (!['bot', 'worker', 'all'].includes(role)) fail(`--role must be bot, worker or all (got ${values.role})`);

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (err) {
  fail(err instanceof ConfigError ? err.message : String(err));
}
const logger = createLogger(config.logLevel);

// postgres.js leaves one promise of its own unawaited: the array-type query each new connection
// runs first (porsager/postgres#1192, #1205, #1223, open in 3.4.9 and 3.4.10). When the server cuts
// a connection at that moment (a restart, pg_terminate_backend) the rejection has no handler and
// Node would exit. Last resort, and narrow: only a lost database connection is logged and dropped
// (no click or job awaits that promise; each fails on its own statement). Anything else still ends
// the process, as Node's default does.
process.on('unhandledRejection', (reason) => {
  if (!isConnectionLost(reason)) throw reason;
  logger.warn(
    { err: String(reason), code: (reason as { code?: unknown }).code },
    'database connection lost under a query nobody awaited; dropped',
  );
});

useAuditKey(config.audit.key);
// Migrations as the owner; the bot itself connects as DATABASE_URL's role (a member of gps_app).
const roles = await prepareDatabase(config.databaseOwnerUrl, config.databaseUrl).catch((err: unknown) =>
  fail(err instanceof AppRoleError ? `config: ${err.message}` : String(err)),
);
if (roles === 'same-role') {
  logger.warn(
    'the bot connects to the database as the owner of its tables: it could rewrite the audit trail; set DATABASE_URL to a member of gps_app (README, "Database roles")',
  );
}
logger.info({ auditKey: auditKeyFingerprint(), anchorFile: config.audit.anchorFile }, 'audit trail');

const boot = config.feishu
  ? undefined
  : await bootSandbox(config.sandboxPort, logger, undefined, config.sandboxHost);
const feishu = config.feishu ?? boot!.feishu;

const app: App = await startApp({
  role,
  databaseUrl: config.databaseUrl,
  databasePoolMax: config.databasePoolMax,
  redisUrl: config.redisUrl,
  redisSentinel: config.redisSentinel,
  queuePrefix: config.queuePrefix,
  port: config.port,
  transport: config.transport,
  feishu,
  logger,
  workers: { relayRatePerSec: config.relayRatePerSec },
  retention: config.retention,
  audit: { anchorFile: config.audit.anchorFile },
});

if (boot) {
  const org = await boot.seed(app.db);
  if (config.transport === 'webhook') boot.sandbox.setEventUrl(`http://127.0.0.1:${app.port}/feishu/events`);
  // Over the long connection the bot hears the groups' bot-added events only once it has connected.
  else await boot.sandbox.waitFor(() => boot!.sandbox.hub.connected() > 0, 15_000).catch(() => undefined);
  const groups = await seedDemoGroups(boot.sandbox, org);
  const names = org.people.map((p) => p.name).join('、');
  console.log(
    [
      '',
      `Sandbox (local Feishu stand-in) at ${boot.sandbox.url}; the bot listens on http://127.0.0.1:${app.port}`,
      `Health: curl http://127.0.0.1:${app.port}/healthz (liveness), /readyz (readiness, each check named)`,
      `Web chat (pick a person, click the cards): ${boot.sandbox.url}/chat`,
      `Talk to it as a demo-zone person, in another terminal: npm run chat -- --as 张伟`,
      `People: ${names}`,
      `Groups (the bot is in each; bind them from its 本群绑定 card): ${groups.join('、')}`,
      'Play a scripted conversation: npm run demo',
      '',
    ].join('\n'),
  );
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  setTimeout(() => {
    logger.error('shutdown took too long; exiting');
    process.exit(1);
  }, SHUTDOWN_LIMIT_MS).unref();
  await app.stop();
  await boot?.sandbox.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

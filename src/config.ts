import { z } from 'zod';

const transport = z.enum(['webhook', 'ws']);

const schema = z.object({
  FEISHU_APP_ID: z
    .string()
    .regex(/^cli_[0-9a-f]{16}$/, 'must look like cli_ followed by 16 hex digits')
    .optional(),
  FEISHU_APP_SECRET: z.string().min(1).optional(),
  FEISHU_ENCRYPT_KEY: z.string().min(1).optional(),
  FEISHU_VERIFICATION_TOKEN: z.string().min(1).optional(),
  FEISHU_DOMAIN: z.url().default('https://open.feishu.cn'),
  /** The bot's own open_id: when set, a group message must @mention it to be answered. */
  FEISHU_BOT_OPEN_ID: z
    .string()
    .regex(/^ou_[0-9a-z_]{6,64}$/, 'must look like ou_ followed by letters and digits')
    .optional(),
  FEISHU_TRANSPORT: transport.default('webhook'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /** Where the sandbox listens; 0.0.0.0 in a container so the published port reaches it. */
  SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
  /** The bot's own role: a member of gps_app, which may only read and insert into the audit trail. */
  DATABASE_URL: z.url().default('postgres://gps_bot@127.0.0.1:5432/gps_bot'),
  /**
   * The owner of the tables, for migrations (and for creating the bot's role where it may). Defaults
   * to DATABASE_URL as user postgres, without a password.
   */
  DATABASE_OWNER_URL: z.url().optional(),
  /**
   * The key of the audit chain's HMAC (at least 32 characters), kept out of the database. Required
   * against real Feishu; the sandbox uses a fixed development key.
   */
  AUDIT_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  /** The append-only file the audit anchors are written to (a volume that outlives the container). */
  AUDIT_ANCHOR_FILE: z.string().min(1).default('data/audit-anchors.jsonl'),
  /**
   * Connections per process. Each in-flight write holds one for its transaction; too few and clicks
   * queue for a connection, too many and they contend inside PostgreSQL (and count against its
   * max_connections, summed over every bot and worker process).
   */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  /**
   * Sentinel instead of one Redis: `host:port` of each sentinel, comma-separated, with the name of
   * the monitored master. REDIS_URL then only supplies the password and database number.
   */
  REDIS_SENTINELS: z
    .string()
    .regex(/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/, 'must be host:port[,host:port...]')
    .optional(),
  REDIS_SENTINEL_NAME: z.string().min(1).optional(),
  /**
   * Braces make it a Redis Cluster hash tag: every key of the deployment (BullMQ's and ours) hashes
   * to one slot, which BullMQ's multi-key scripts require on a cluster.
   */
  QUEUE_PREFIX: z.string().min(1).default('{gps}'),
  /** Sends per second the relay allows itself: 16/s stays inside Feishu's 1,000/min per API. */
  RELAY_RATE_PER_SEC: z.coerce.number().int().min(1).max(50).default(16),
  /** Days a processed event id is kept to refuse a re-delivery (Feishu re-delivers for about 7 hours). */
  EVENT_DEDUPE_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Days a sent outbox row is kept (the relay's record of what went out); the audit trail is kept forever. */
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = ReturnType<typeof loadConfig>;

/** A configuration error: its message is the one line printed before the process stops. */
export class ConfigError extends Error {}

/**
 * Reads and validates the environment. Without FEISHU_APP_ID the bot runs against the built-in
 * sandbox; with it, the secret is required too.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`config: ${name} is invalid: ${issue.message}`);
  }
  const c = parsed.data;
  if (c.FEISHU_APP_ID && !c.FEISHU_APP_SECRET) {
    throw new ConfigError('config: FEISHU_APP_SECRET is missing (required when FEISHU_APP_ID is set)');
  }
  if (c.FEISHU_APP_ID && !c.AUDIT_KEY) {
    throw new ConfigError(
      'config: AUDIT_KEY is missing (required when FEISHU_APP_ID is set: the audit chain is keyed with it)',
    );
  }
  if (c.REDIS_SENTINELS && !c.REDIS_SENTINEL_NAME) {
    throw new ConfigError('config: REDIS_SENTINEL_NAME is missing (required when REDIS_SENTINELS is set)');
  }
  if (c.REDIS_SENTINEL_NAME && !c.REDIS_SENTINELS) {
    throw new ConfigError('config: REDIS_SENTINELS is missing (required when REDIS_SENTINEL_NAME is set)');
  }
  const sentinels = c.REDIS_SENTINELS?.split(',').map((hp) => {
    const [host, port] = hp.split(':') as [string, string];
    if (Number(port) < 1 || Number(port) > 65535) {
      throw new ConfigError(`config: REDIS_SENTINELS is invalid: port out of range in ${hp}`);
    }
    return { host, port: Number(port) };
  });
  if (/[{}]/.test(c.QUEUE_PREFIX) && !/^[^{]*\{[^}]+\}/.test(c.QUEUE_PREFIX)) {
    throw new ConfigError(
      'config: QUEUE_PREFIX is invalid: braces must enclose a non-empty hash tag, e.g. {gps}',
    );
  }
  return {
    feishu: c.FEISHU_APP_ID
      ? {
          appId: c.FEISHU_APP_ID,
          appSecret: c.FEISHU_APP_SECRET!,
          encryptKey: c.FEISHU_ENCRYPT_KEY,
          verificationToken: c.FEISHU_VERIFICATION_TOKEN,
          domain: c.FEISHU_DOMAIN.replace(/\/+$/, ''),
          ...(c.FEISHU_BOT_OPEN_ID ? { botOpenId: c.FEISHU_BOT_OPEN_ID } : {}),
        }
      : undefined,
    transport: c.FEISHU_TRANSPORT,
    port: c.PORT,
    sandboxPort: c.SANDBOX_PORT,
    sandboxHost: c.SANDBOX_HOST,
    databaseUrl: c.DATABASE_URL,
    databaseOwnerUrl: c.DATABASE_OWNER_URL ?? asOwner(c.DATABASE_URL),
    audit: { key: c.AUDIT_KEY, anchorFile: c.AUDIT_ANCHOR_FILE },
    databasePoolMax: c.DATABASE_POOL_MAX,
    redisUrl: c.REDIS_URL,
    redisSentinel: sentinels ? { sentinels, name: c.REDIS_SENTINEL_NAME! } : undefined,
    queuePrefix: c.QUEUE_PREFIX,
    relayRatePerSec: c.RELAY_RATE_PER_SEC,
    logLevel: c.LOG_LEVEL,
    retention: { eventDedupeDays: c.EVENT_DEDUPE_DAYS, outboxRetentionDays: c.OUTBOX_RETENTION_DAYS },
  };
}

/** DATABASE_URL as user postgres without a password: the owner on a developer's machine. */
function asOwner(url: string): string {
  const u = new URL(url);
  u.username = 'postgres';
  u.password = '';
  return u.toString();
}

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
  FEISHU_TRANSPORT: transport.default('webhook'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/gps_bot'),
  /**
   * Connections per process. Each in-flight write holds one for its transaction; too few and clicks
   * queue for a connection, too many and they contend inside PostgreSQL (and count against its
   * max_connections, summed over every bot and worker process).
   */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z.string().min(1).default('gps'),
  /** Sends per second the relay allows itself: 16/s stays inside Feishu's 1,000/min per API. */
  RELAY_RATE_PER_SEC: z.coerce.number().int().min(1).max(50).default(16),
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
  return {
    feishu: c.FEISHU_APP_ID
      ? {
          appId: c.FEISHU_APP_ID,
          appSecret: c.FEISHU_APP_SECRET!,
          encryptKey: c.FEISHU_ENCRYPT_KEY,
          verificationToken: c.FEISHU_VERIFICATION_TOKEN,
          domain: c.FEISHU_DOMAIN.replace(/\/+$/, ''),
        }
      : undefined,
    transport: c.FEISHU_TRANSPORT,
    port: c.PORT,
    sandboxPort: c.SANDBOX_PORT,
    databaseUrl: c.DATABASE_URL,
    databasePoolMax: c.DATABASE_POOL_MAX,
    redisUrl: c.REDIS_URL,
    queuePrefix: c.QUEUE_PREFIX,
    relayRatePerSec: c.RELAY_RATE_PER_SEC,
    logLevel: c.LOG_LEVEL,
  };
}

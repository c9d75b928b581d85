import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('defaults to the sandbox, webhook transport and local services', () => {
    const c = loadConfig({});
    expect(c.feishu).toBeUndefined();
    expect(c.transport).toBe('webhook');
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toContain('127.0.0.1:5432');
    expect(c.databasePoolMax).toBe(20);
    expect(loadConfig({ DATABASE_POOL_MAX: '40' }).databasePoolMax).toBe(40);
  });

  it('reads a full Feishu configuration', () => {
    const c = loadConfig({
      FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718',
      FEISHU_APP_SECRET: 's',
      AUDIT_KEY: 'k'.repeat(32),
      FEISHU_ENCRYPT_KEY: 'k',
      FEISHU_VERIFICATION_TOKEN: 't',
      FEISHU_DOMAIN: 'https://open.larksuite.com/',
      FEISHU_TRANSPORT: 'ws',
      PORT: '8080',
    });
    expect(c.feishu).toEqual({
      appId: 'cli_a1b2c3d4e5f60718',
      appSecret: 's',
      encryptKey: 'k',
      verificationToken: 't',
      domain: 'https://open.larksuite.com',
    });
    expect(c.transport).toBe('ws');
    expect(c.port).toBe(8080);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ FEISHU_TRANSPORT: 'smoke' }, 'FEISHU_TRANSPORT'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ DATABASE_POOL_MAX: '0' }, 'DATABASE_POOL_MAX'],
    [{ DATABASE_POOL_MAX: 'many' }, 'DATABASE_POOL_MAX'],
    [{ REDIS_URL: '::' }, 'REDIS_URL'],
    [{ FEISHU_APP_ID: 'app123' }, 'FEISHU_APP_ID'],
    [{ FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718' }, 'FEISHU_APP_SECRET'],
    [{ REDIS_SENTINELS: 'sentinel-1' }, 'REDIS_SENTINELS'],
    [{ REDIS_SENTINELS: 'a:26379;b:26379', REDIS_SENTINEL_NAME: 'm' }, 'REDIS_SENTINELS'],
    [{ REDIS_SENTINELS: 'a:70000', REDIS_SENTINEL_NAME: 'm' }, 'REDIS_SENTINELS'],
    [{ REDIS_SENTINELS: 'a:26379' }, 'REDIS_SENTINEL_NAME'],
    [{ REDIS_SENTINEL_NAME: 'mymaster' }, 'REDIS_SENTINELS'],
    [{ QUEUE_PREFIX: '{}gps' }, 'QUEUE_PREFIX'],
    [{ QUEUE_PREFIX: 'gps{' }, 'QUEUE_PREFIX'],
    [{ FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718', FEISHU_APP_SECRET: 's' }, 'AUDIT_KEY'],
    [{ AUDIT_KEY: 'short' }, 'AUDIT_KEY'],
    [{ DATABASE_OWNER_URL: 'owner' }, 'DATABASE_OWNER_URL'],
  ])('%j is refused with a message naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  it('connects as the bot role, migrates as the owner of the same database, keeps the anchors in data/', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBe('postgres://gps_bot@127.0.0.1:5432/gps_bot');
    expect(c.databaseOwnerUrl).toBe('postgres://postgres@127.0.0.1:5432/gps_bot');
    expect(loadConfig({ DATABASE_URL: 'postgres://bot:pw@db.zone:6432/gps' }).databaseOwnerUrl).toBe(
      'postgres://postgres@db.zone:6432/gps',
    );
    const own = 'postgres://owner:secret@db.zone/gps';
    expect(loadConfig({ DATABASE_OWNER_URL: own }).databaseOwnerUrl).toBe(own);
    expect(c.audit).toEqual({ key: undefined, anchorFile: 'data/audit-anchors.jsonl' });
  });

  it('hash-tags the default queue prefix so every key of a deployment lands in one Redis Cluster slot', () => {
    expect(loadConfig({}).queuePrefix).toBe('{gps}');
    expect(loadConfig({ QUEUE_PREFIX: '{zone-a}' }).queuePrefix).toBe('{zone-a}');
    // An untagged prefix stays allowed for a single Redis (and existing deployments).
    expect(loadConfig({ QUEUE_PREFIX: 'gps' }).queuePrefix).toBe('gps');
  });

  it('reads Sentinel: the sentinels and the master name, together', () => {
    expect(loadConfig({}).redisSentinel).toBeUndefined();
    const c = loadConfig({
      REDIS_URL: 'redis://:secret@ignored:6379/2',
      REDIS_SENTINELS: 's1.example:26379,10.0.0.2:26380',
      REDIS_SENTINEL_NAME: 'gps-master',
    });
    expect(c.redisSentinel).toEqual({
      sentinels: [
        { host: 's1.example', port: 26379 },
        { host: '10.0.0.2', port: 26380 },
      ],
      name: 'gps-master',
    });
    expect(c.redisUrl).toBe('redis://:secret@ignored:6379/2');
  });

  it('lets the sandbox listen on every interface (in a container) when asked', () => {
    expect(loadConfig({}).sandboxHost).toBe('127.0.0.1');
    expect(loadConfig({ SANDBOX_HOST: '0.0.0.0' }).sandboxHost).toBe('0.0.0.0');
  });
});

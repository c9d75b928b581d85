/**
 * `npm run restore -- DIR [--database NAME] [--anchor-file PATH] [--force]`: a backup written by
 * `npm run backup` into database NAME (default: DATABASE_OWNER_URL's), then `audit:verify`'s check of
 * the restored trail against the anchor file PATH (default AUDIT_ANCHOR_FILE), with its verdict.
 *
 * The target must be new or empty; --force drops and re-creates it (stop the bot first). The anchor
 * file is append-only and outlives the database, so an existing PATH is never overwritten: the
 * restored database is checked against it, and a backup older than its newest anchor is reported as
 * behind the anchors. A missing PATH receives the backup's copy.
 *
 * Exit 0 when restored and verified, 1 when restored but the verification failed, 2 when refused or
 * the restore failed.
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { useAuditKey } from '../audit/key';
import { trailLines, verifyTrail } from '../audit/trail';
import { loadConfig } from '../config';
import { createDb } from '../db/client';
import { APP_GROUP_ROLE } from '../db/app-role';
import {
  ANCHOR_COPY,
  DUMP_FILE,
  describeFile,
  type Manifest,
  readManifest,
  shanghaiTime,
} from './backup-manifest';
import { databaseOf, libpqTarget, Refusal, runTool, toolVersion, withDatabase } from './pg-tools';
import { exitWith } from './run';

const readOrNone = (path: string) =>
  readFile(path, 'utf8').catch((err: { code?: string }) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });

/** The backup as its manifest describes it, or a refusal naming what does not match. */
async function checkBackup(dir: string): Promise<Manifest> {
  const m = await readManifest(dir).catch((err: unknown) => {
    throw new Refusal(
      `${dir} 不是 npm run backup 写出的备份目录(${err instanceof Error ? err.message : String(err)})`,
    );
  });
  const files: [string, { bytes: number; sha256: string }][] = [[DUMP_FILE, m.dump]];
  if (m.anchorFile) files.push([ANCHOR_COPY, m.anchorFile]);
  for (const [file, want] of files) {
    const got = await describeFile(join(dir, file)).catch(() => undefined);
    if (!got || got.sha256 !== want.sha256)
      throw new Refusal(`备份中的 ${file} 已损坏或被改动(sha256 与 manifest.json 不符),拒绝恢复`);
  }
  return m;
}

/** Creates the target database, or refuses when it already holds anything (unless forced). */
async function prepareTarget(ownerUrl: string, name: string, force: boolean): Promise<void> {
  const admin = postgres(withDatabase(ownerUrl, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (exists) {
      const target = postgres(withDatabase(ownerUrl, name), { max: 1, onnotice: () => {} });
      const [r] = await target<{ n: number }[]>`
        select count(*)::int as n from pg_class c join pg_namespace s on s.oid = c.relnamespace
        where s.nspname not in ('pg_catalog', 'information_schema') and s.nspname !~ '^pg_(toast|temp)'`.finally(
        () => target.end({ timeout: 5 }),
      );
      if (r!.n > 0 && !force)
        throw new Refusal(
          `目标数据库 ${name} 不是空库(已有 ${r!.n} 个表、索引等对象),拒绝恢复。请指定新的库名 --database,` +
            '或确认要覆盖后加 --force(将删除并重建该库;请先停止机器人)',
        );
      if (r!.n > 0) {
        await admin`drop database ${admin(name)} with (force)`;
        await admin`create database ${admin(name)}`;
      }
    } else await admin`create database ${admin(name)}`;
    // The dump grants to gps_app, a role of the whole server: a new server needs it first.
    const [role] = await admin`select 1 from pg_roles where rolname = ${APP_GROUP_ROLE}`;
    if (!role)
      await admin.unsafe(`create role ${APP_GROUP_ROLE} nologin`).catch((err: Error) => {
        throw new Refusal(
          `角色 ${APP_GROUP_ROLE} 不存在且无权创建(${err.message});请数据库管理员执行 CREATE ROLE ${APP_GROUP_ROLE} NOLOGIN 后重试`,
        );
      });
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Puts the backup's anchor copy at `dest` when nothing is there; an existing file is kept. */
async function placeAnchorFile(dir: string, m: Manifest, dest: string): Promise<void> {
  const existing = await readOrNone(dest);
  const copy = m.anchorFile ? await readFile(join(dir, ANCHOR_COPY), 'utf8') : undefined;
  if (existing === undefined) {
    if (copy === undefined) {
      console.log(`restore: 备份中没有锚点文件,${dest} 也不存在:只能按哈希链本身校验`);
      return;
    }
    await mkdir(dirname(dest), { recursive: true });
    await copyFile(join(dir, ANCHOR_COPY), dest);
    console.log(`restore: 已把备份中的锚点文件复制到 ${dest}`);
    return;
  }
  console.log(`restore: 保留已有的锚点文件 ${dest}(锚点文件只追加,恢复从不覆盖它),按它校验`);
  if (copy !== undefined && !existing.startsWith(copy))
    console.log(
      `restore: 警告 — 备份中的锚点文件不是 ${dest} 的开头部分:两者记录的锚点不一致,请核对是否用错了文件`,
    );
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      database: { type: 'string' },
      'anchor-file': { type: 'string' },
      force: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  const dir = positionals[0];
  if (!dir || positionals.length > 1)
    throw new Refusal('用法: npm run restore -- 备份目录 [--database 库名] [--anchor-file 路径] [--force]');
  const config = loadConfig();
  useAuditKey(config.audit.key);
  const manifest = await checkBackup(resolve(dir));
  await toolVersion('pg_restore');
  const name = values.database ?? databaseOf(config.databaseOwnerUrl);
  const targetUrl = withDatabase(config.databaseOwnerUrl, name);
  await prepareTarget(config.databaseOwnerUrl, name, values.force);
  const target = libpqTarget(targetUrl);
  await runTool(
    'pg_restore',
    [
      '--no-owner',
      '--single-transaction',
      '--exit-on-error',
      `--dbname=${target.dbname}`,
      join(resolve(dir), DUMP_FILE),
    ],
    target.env,
  );
  const taken = manifest.database.lastAnchor;
  console.log(
    `restore: 已把 ${shanghaiTime(manifest.createdAt)} 的备份(库 ${manifest.database.name},审计记录 ${manifest.database.auditRows} 条,` +
      `库内最新锚点 ${taken ? `#${taken.n}(${taken.date})` : '无'})恢复到数据库 ${name}`,
  );

  const file = resolve(values['anchor-file'] ?? config.audit.anchorFile);
  await placeAnchorFile(resolve(dir), manifest, file);
  const { db, sql } = createDb(targetUrl, { max: 1 });
  try {
    const r = await verifyTrail(db, { file });
    for (const line of trailLines(r, file)) console.log(line);
    const behind = r.witness.behind;
    if (r.ok) {
      const a = r.witness.latest;
      console.log(`restore: 校验通过 — 恢复的数据库与锚点文件一致${a ? `(最新锚点 #${a.n},${a.date})` : ''}`);
      return 0;
    }
    if (behind) {
      const at = behind.database ? `#${behind.database.n}(${behind.database.date})` : '无';
      console.log(
        `restore: 校验未通过 — 数据库落后于锚点:库内最新锚点 ${at},锚点文件已到 #${behind.file.n}(${behind.file.date})。` +
          '这份备份早于锚点文件记录的最新状态,其后写入的记录不在恢复的库中。请先找更新的备份;处理办法见 README「备份与恢复」',
      );
    } else {
      console.log(
        'restore: 校验未通过 — 见上方各项 FAILED;请勿让机器人使用该库,先交技术负责人和纪检监察核查',
      );
    }
    return 1;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

exitWith(main(), (why) => `restore: 失败 — ${why}`, 2);

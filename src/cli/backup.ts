/**
 * `npm run backup [-- --out DIR]`: the database (`pg_dump -Fc`, as DATABASE_OWNER_URL) and the audit
 * anchor file (AUDIT_ANCHOR_FILE), together in one new directory with a manifest (README, 备份与恢复).
 *
 * The anchor file is copied FIRST, then the database's snapshot is taken. The anchor job commits an
 * anchor's row before it appends the line to the file, and the trail only grows, so every line of
 * the copy (and every head it anchors) is already in the later snapshot: the pair verifies. Copied
 * after the dump, the file could hold an anchor taken meanwhile, and the restored pair would look
 * behind its anchors. The snapshot is exported to pg_dump (`--snapshot`), so the manifest's counts
 * and the consistency check read exactly what the dump holds.
 *
 * Exit 0 when written, 1 when written but the anchor copy and the database disagree (run
 * audit:verify), 2 when refused or failed (nothing left but a `.partial` directory).
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { readAnchorText } from '../audit/anchor-file';
import { loadConfig } from '../config';
import type { Sql } from '../db/client';
import { storedAnchors } from '../db/sql/audit-anchors';
import {
  ANCHOR_COPY,
  DUMP_FILE,
  describeFile,
  lastAnchorOfLines,
  type Manifest,
  writeManifest,
} from './backup-manifest';
import { databaseOf, libpqTarget, Refusal, runTool, toolVersion } from './pg-tools';
import { exitWith } from './run';

/** 20261207-020000: the backup's name, in Asia/Shanghai time. */
const stamp = (at: Date) =>
  new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string' } }, allowPositionals: false });
  const config = loadConfig();
  const ownerUrl = config.databaseOwnerUrl;
  const name = databaseOf(ownerUrl);
  const tool = await toolVersion('pg_dump');
  const out = resolve(values.out ?? join('backups', `${name}-${stamp(new Date())}`));
  if (existsSync(out)) throw new Refusal(`${out} 已存在:备份从不覆盖已有目录,请换一个 --out`);
  const partial = `${out}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  try {
    return await write(partial, out, { ownerUrl, name, tool, source: resolve(config.audit.anchorFile) });
  } catch (err) {
    await rm(partial, { recursive: true, force: true }); // a failed backup leaves nothing behind
    throw err;
  }
}

async function write(
  partial: string,
  out: string,
  o: { ownerUrl: string; name: string; tool: string; source: string },
): Promise<number> {
  const { ownerUrl, name, tool, source } = o;
  const warnings: string[] = [];

  // 1. The anchor file, before the snapshot (see the header).
  const copied = await readAnchorText(source);
  if (copied !== undefined) await writeFile(join(partial, ANCHOR_COPY), copied);
  const lines = copied?.split('\n').filter((l) => l.length > 0) ?? [];
  const fromFile = lastAnchorOfLines(lines);
  warnings.push(...fromFile.problems.map((p) => `anchor file: ${p}`));

  // 2. The database, in one exported snapshot held open while pg_dump reads it.
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  const target = libpqTarget(ownerUrl);
  let database: Manifest['database'];
  try {
    database = await sql.begin('isolation level repeatable read read only', async (tx) => {
      const [snap] = await tx<{ id: string; server: string }[]>`
        select pg_export_snapshot() as id, current_setting('server_version') as server`;
      const [counts] = await tx<{ rows: string; chains: string }[]>`
        select (select count(*) from audit_log)::text as rows, (select count(*) from audit_heads)::text as chains`;
      const stored = await storedAnchors(tx as unknown as Sql);
      await runTool(
        'pg_dump',
        [
          '--format=custom',
          `--snapshot=${snap!.id}`,
          `--file=${join(partial, DUMP_FILE)}`,
          `--dbname=${target.dbname}`,
        ],
        target.env,
      );
      if (copied === undefined && stored.length > 0)
        warnings.push(
          `anchor file ${source} does not exist while the database holds ${stored.length} anchors: is AUDIT_ANCHOR_FILE right?`,
        );
      for (const [i, line] of lines.entries()) {
        if (stored[i]?.line !== line) {
          warnings.push(
            `anchor line ${i + 1} of ${source} is not anchor #${i + 1} of the database: run npm run audit:verify`,
          );
          break;
        }
      }
      const last = lastAnchorOfLines(stored.map((s) => s.line)).last;
      return {
        name,
        host: new URL(ownerUrl).host,
        server: snap!.server,
        auditRows: Number(counts!.rows),
        auditChains: Number(counts!.chains),
        lastAnchor: last,
      };
    });
  } finally {
    await sql.end({ timeout: 5 });
  }

  // 3. The manifest, then the directory under its name: a backup that exists is complete.
  const manifest: Manifest = {
    format: 'gps-backup/1',
    createdAt: new Date().toISOString(),
    database,
    dump: { file: DUMP_FILE, ...(await describeFile(join(partial, DUMP_FILE))), tool },
    anchorFile:
      copied === undefined
        ? null
        : {
            source,
            file: ANCHOR_COPY,
            ...(await describeFile(join(partial, ANCHOR_COPY))),
            lines: lines.length,
            lastAnchor: fromFile.last,
          },
    warnings,
  };
  await writeManifest(partial, manifest);
  await rename(partial, out);

  const anchorText = (a: { n: number; date: string } | null) => (a ? `#${a.n}(${a.date})` : '无');
  console.log(`backup: 已备份数据库 ${name} 到 ${out}`);
  console.log(
    `backup:   ${DUMP_FILE}  ${manifest.dump.bytes} 字节  sha256 ${manifest.dump.sha256}` +
      `  审计记录 ${database.auditRows} 条、审计链 ${database.auditChains} 条,库内最新锚点 ${anchorText(database.lastAnchor)}`,
  );
  if (!manifest.anchorFile) console.log(`backup:   锚点文件 ${source} 不存在,未复制(尚未生成锚点时属正常)`);
  else
    console.log(
      `backup:   ${ANCHOR_COPY}  ${manifest.anchorFile.lines} 行  sha256 ${manifest.anchorFile.sha256}` +
        `  最新锚点 ${anchorText(manifest.anchorFile.lastAnchor)}(复制自 ${source})`,
    );
  for (const w of warnings) console.log(`backup: 警告 — ${w}`);
  console.log('backup: 请把整个目录复制到异地保存;锚点文件原件仍须另行保存在数据库管理员无法改写的位置');
  return warnings.length > 0 ? 1 : 0;
}

exitWith(main(), (why) => `backup: 失败 — ${why}`, 2);

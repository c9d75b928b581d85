/**
 * The export job's body: build the file for the requester with their grants as they are
 * now, upload it, and in one transaction mark the row sent, audit it and write the file message to
 * the requester's private chat. A retry after a crash between upload and commit uploads again (an
 * orphan upload on Feishu's side, harmless) and still sends one message: the update only takes a
 * row that is still pending.
 */

import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAudit } from '../../audit/append';
import { buildNoticeCard, exportMenuButton } from '../../cards/ways-on';
import { type Db, rawSql } from '../../db/client';
import { actorByOpenId } from '../../db/sql/actor';
import {
  markExportFailedOn,
  markExportSentOn,
  pendingExportOn,
  stalePendingExportsOn,
} from '../../db/sql/exports';
import { DomainError } from '../../domain/errors';
import type { FeishuClient } from '../../feishu/client';
import { OutboxWriter } from '../../outbox/write';
import { buildExportFile } from './file';
import type { ExportKind, ExportParams } from './kinds';

/** Feishu's limit for a file sent in chat. */
export const MAX_FILE_BYTES = 30 * 1024 * 1024;

export const NO_DATA = '没有可导出的数据';
export const TOO_BIG = '文件超过30MB,请缩小范围';

type Pending = { id: string; requested_by: string; kind: ExportKind; params: ExportParams };

export type BuildOutcome =
  | { status: 'skipped' }
  | { status: 'sent' | 'failed'; outboxIds: string[]; reason?: string };

export interface BuildDeps {
  db: Db;
  feishu: FeishuClient;
  now(): Date;
}

async function pendingExport(db: Db, id: string): Promise<Pending | undefined> {
  return (await pendingExportOn(rawSql(db), id)) as Pending | undefined;
}

/** Ends a pending export without a file: the requester is told why, in their private chat. */
export async function failExport(db: Db, e: Pending, reason: string, now: Date): Promise<BuildOutcome> {
  return db.transaction(async (tx) => {
    if (!(await markExportFailedOn(rawSql(tx), e.id, reason, now))) return { status: 'skipped' } as const;
    await appendAudit(tx, {
      aggregateType: 'export',
      aggregateId: e.id,
      actor: 'job:export',
      action: 'export.failed',
      data: { kind: e.kind, reason },
      at: now,
    });
    const out = new OutboxWriter(tx);
    const notice = buildNoticeCard({
      title: '导出未完成',
      template: 'orange',
      text: `导出未完成:${reason}`,
      actions: [exportMenuButton()],
    });
    await out.send({ type: 'open_id', id: e.requested_by }, { card: notice });
    return { status: 'failed' as const, outboxIds: out.ids, reason };
  });
}

async function upload(feishu: FeishuClient, path: string, fileName: string): Promise<string> {
  const res = await feishu.sdk.im.v1.file.create({
    data: { file_type: 'xls', file_name: fileName, file: createReadStream(path) },
  });
  const key = res?.file_key ?? (res as { data?: { file_key?: string } } | null)?.data?.file_key;
  if (!key) throw new Error(`file upload answered without a file_key: ${JSON.stringify(res)}`);
  return key;
}

export async function buildExport(deps: BuildDeps, exportId: string): Promise<BuildOutcome> {
  const e = await pendingExport(deps.db, exportId);
  if (!e) return { status: 'skipped' };
  // The grants as they are now: a role revoked since the click exports nothing.
  const actor = await actorByOpenId(deps.db, e.requested_by);
  const path = join(tmpdir(), `export-${e.id}-${process.pid}-${Date.now()}.xlsx`);
  try {
    let built: Awaited<ReturnType<typeof buildExportFile>>;
    try {
      built = await buildExportFile(deps.db, actor, {
        kind: e.kind,
        params: e.params,
        outPath: path,
        now: deps.now(),
      });
    } catch (err) {
      if (err instanceof DomainError) return failExport(deps.db, e, err.message, deps.now());
      throw err;
    }
    if (built.rows === 0) return failExport(deps.db, e, NO_DATA, deps.now());
    if (built.bytes > MAX_FILE_BYTES) return failExport(deps.db, e, TOO_BIG, deps.now());
    const fileKey = await upload(deps.feishu, path, built.fileName);
    return await deps.db.transaction(async (tx) => {
      const now = deps.now();
      const sent = {
        rows: built.rows,
        fileName: built.fileName,
        bytes: built.bytes,
        sha256: built.sha256,
        fileKey,
      };
      // Someone else (a second run of the job) finished it: their message is the one.
      if (!(await markExportSentOn(rawSql(tx), e.id, sent, now))) return { status: 'skipped' } as const;
      await appendAudit(tx, {
        aggregateType: 'export',
        aggregateId: e.id,
        actor: 'job:export',
        action: 'export.sent',
        data: {
          kind: e.kind,
          rows: built.rows,
          bytes: built.bytes,
          sha256: built.sha256,
          fileName: built.fileName,
        },
        at: now,
      });
      const out = new OutboxWriter(tx);
      await out.send({ type: 'open_id', id: e.requested_by }, { file: { fileKey } });
      return { status: 'sent' as const, outboxIds: out.ids };
    });
  } finally {
    await unlink(path).catch(() => {});
  }
}

/** The export's row once the job has given up on it: the requester hears it failed. */
export async function giveUpExport(deps: BuildDeps, exportId: string): Promise<BuildOutcome> {
  const e = await pendingExport(deps.db, exportId);
  if (!e) return { status: 'skipped' };
  return failExport(deps.db, e, '生成表格时出错,请稍后重新导出', deps.now());
}

/**
 * Exports pending for `olderThanMs` or more, by the database's clock: their job may have been lost
 * between commit and enqueue.
 */
export function stalePendingExports(db: Db, olderThanMs: number, limit = 500): Promise<string[]> {
  return stalePendingExportsOn(rawSql(db), olderThanMs, limit);
}

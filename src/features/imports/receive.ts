/**
 * A file sent to the bot in a private chat (导入): who sent it and what it is are checked before
 * anything is downloaded or stored; then the size (before the body is read), the spreadsheet, its
 * kind (from the header row), and the kind's plan. A file that can be imported is stored as a pending
 * import and answered with its preview (确认导入 / 取消); every refusal is a Chinese answer that
 * stores nothing.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import type { Tx } from '../../db/client';
import { pendingImports } from '../../db/schema';
import type { Actor } from '../../domain/actor';
import { ROLE_LABELS } from '../../domain/roles';
import type { DownloadedFile } from '../../feishu/client';
import { readXlsxTable } from '../budget/xlsx';
import type { ImportKind, ImportPlan, ImportRow } from '../import-kind/kind';
import type { UseCase } from '../use-case';
import { detectKinds, importableBy, mayImport } from './registry';

/** The largest spreadsheet the bot downloads for an import (a year's budget is a few hundred KB). */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
/** The most data rows one file may carry: a preview and one transaction stay small. */
export const IMPORT_MAX_ROWS = 5000;

export type IncomingFile = { messageId: string; fileKey: string; fileName: string };
export type ImportAnswer =
  | { text: string }
  | { preview: PreviewData }
  | { choose: { pendingId: number; fileName: string; kinds: { key: string; label: string }[] } }
  | { templates: string };

export type PreviewData = {
  pendingId?: number;
  kind: string;
  fileName: string;
  adds: string[];
  changes: string[];
  unchanged: number;
  errors: { row: number; message: string }[];
  notes: string[];
};

export interface ReceiveDeps {
  download?(messageId: string, fileKey: string, maxBytes: number): Promise<DownloadedFile>;
  now: Date;
}

export const NOT_IMPORTER = '只有管理员或财政部门可以发送表格导入数据;您的文件未被处理。';
export const NOT_XLSX =
  '只能导入 Excel 表格(.xlsx)。请发送 .xlsx 文件;点击菜单中的「导入模板」可获取各类数据的模板。';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The preview's identity: confirming is refused when planning again gives other lines. */
export function previewKey(plan: Pick<ImportPlan<unknown>, 'adds' | 'changes' | 'unchanged'>): string {
  return createHash('sha256')
    .update(JSON.stringify([plan.adds, plan.changes, plan.unchanged]))
    .digest('hex');
}

export async function receiveImportFile(
  tx: Tx,
  actor: Actor | undefined,
  f: IncomingFile,
  deps: ReceiveDeps,
): Promise<ImportAnswer> {
  // Who first: a person who may import nothing gets no download and no row.
  if (!actor || importableBy(actor).length === 0) return { text: NOT_IMPORTER };
  const name = f.fileName.trim();
  if (/\.xls$/i.test(name)) return { text: '不支持旧版 .xls 文件,请在 Excel 中另存为 .xlsx 后重新发送。' };
  if (!/\.xlsx$/i.test(name)) return { text: NOT_XLSX };
  if (!deps.download) return { text: '暂不支持下载文件,请联系管理员使用命令行导入。' };

  const got = await deps.download(f.messageId, f.fileKey, IMPORT_MAX_BYTES);
  if (!got.ok)
    return {
      text: `文件过大(${mb(got.tooLarge)}),导入的表格不能超过 ${mb(IMPORT_MAX_BYTES)};请分成几个文件发送。文件未被处理。`,
    };
  // XLSX is a zip archive: a renamed document or picture is told apart before the reader sees it.
  if (got.bytes.length < 4 || got.bytes[0] !== 0x50 || got.bytes[1] !== 0x4b) return { text: NOT_XLSX };
  let rows: ImportRow[];
  try {
    rows = await readXlsxTable(got.bytes);
  } catch {
    return { text: '无法读取该表格,文件可能已损坏或不是 .xlsx 格式。请在 Excel 中另存为 .xlsx 后重新发送。' };
  }
  const nonBlank = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = nonBlank[0];
  if (!header) return { text: '表格是空的:第一行应为表头。可点击菜单中的「导入模板」获取模板。' };
  if (nonBlank.length - 1 > IMPORT_MAX_ROWS)
    return {
      text: `表格行数过多(${nonBlank.length - 1} 行),一次最多导入 ${IMPORT_MAX_ROWS} 行,请分成几个文件发送。`,
    };

  const kinds = detectKinds(header.cells);
  if (kinds.length === 0)
    return { templates: '无法识别该表格的类型:表头应与导入模板一致。请使用下方模板填写后重新发送。' };
  const allowed = kinds.filter((k) => mayImport(k, actor));
  if (allowed.length === 0) return { text: refusal(kinds[0]!) };
  if (allowed.length > 1) {
    const pendingId = await storePending(tx, {
      actor,
      file: f,
      kind: '',
      rows: nonBlank,
      key: '',
      now: deps.now,
    });
    if (pendingId === undefined) return { text: ALREADY_RECEIVED };
    return {
      choose: { pendingId, fileName: name, kinds: allowed.map((k) => ({ key: k.key, label: k.label })) },
    };
  }
  return previewFor({ tx, actor, now: deps.now }, { kind: allowed[0]!, file: f, rows: nonBlank });
}

const ALREADY_RECEIVED = '该文件已收到,请查看上方的导入预览。';

export function refusal(kind: ImportKind<unknown>): string {
  const roles = kind.roles.map((r) => ROLE_LABELS[r]).join('或');
  return `该表格是「${kind.label}」,只有${roles}可以导入;您的文件未被处理。`;
}

/** Plans the rows as `kind` and, when there is something to import and no error, stores it pending. */
export async function previewFor(
  { tx, actor, now }: Pick<UseCase, 'tx' | 'actor' | 'now'>,
  {
    kind,
    file: f,
    rows,
    pendingId,
  }: { kind: ImportKind<unknown>; file: IncomingFile; rows: ImportRow[]; pendingId?: number },
): Promise<ImportAnswer> {
  const plan = await kind.plan(tx, rows, { actor, now });
  const preview: PreviewData = {
    kind: kind.label,
    fileName: f.fileName.trim(),
    adds: plan.adds,
    changes: plan.changes,
    unchanged: plan.unchanged,
    errors: plan.errors,
    notes: plan.notes ?? [],
  };
  if (plan.errors.length > 0 || plan.adds.length + plan.changes.length === 0) return { preview };
  const key = previewKey(plan);
  if (pendingId !== undefined) {
    await tx.update(pendingImports).set({ kind: kind.key, previewKey: key }).where(eqId(pendingId));
    await auditReceived(tx, {
      id: pendingId,
      actor,
      kind: kind.key,
      fileName: f.fileName,
      rows: rows.length,
      now,
    });
    return { preview: { ...preview, pendingId } };
  }
  const id = await storePending(tx, { actor, file: f, kind: kind.key, rows, key, now });
  if (id === undefined) return { text: ALREADY_RECEIVED };
  return { preview: { ...preview, pendingId: id } };
}

const eqId = (id: number) => eq(pendingImports.id, id);

async function storePending(
  tx: Tx,
  {
    actor,
    file: f,
    kind,
    rows,
    key,
    now,
  }: { actor: Actor; file: IncomingFile; kind: string; rows: ImportRow[]; key: string; now: Date },
): Promise<number | undefined> {
  const [row] = await tx
    .insert(pendingImports)
    .values({
      kind,
      requestedBy: actor.openId,
      sourceMessageId: f.messageId,
      fileName: f.fileName.trim().slice(0, 200),
      rows,
      previewKey: key,
      rowCount: Math.max(0, rows.length - 1),
      createdAt: now,
    })
    // The same message again (Feishu's redelivery under another event id): the first row stands.
    .onConflictDoNothing({ target: pendingImports.sourceMessageId })
    .returning({ id: pendingImports.id });
  if (!row) return undefined;
  await auditReceived(tx, { id: row.id, actor, kind, fileName: f.fileName, rows: rows.length, now });
  return row.id;
}

function auditReceived(
  tx: Tx,
  {
    id,
    actor,
    kind,
    fileName,
    rows,
    now,
  }: { id: number; actor: Actor; kind: string; fileName: string; rows: number; now: Date },
) {
  return appendAudit(tx, {
    aggregateType: 'import',
    aggregateId: id,
    actor: actor.openId,
    action: 'import.received',
    data: { kind: kind || null, fileName: fileName.trim().slice(0, 200), rows: Math.max(0, rows - 1) },
    at: now,
  });
}

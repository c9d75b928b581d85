import { PassThrough } from 'node:stream';
import { and, desc, eq } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { rawSql, type Tx } from '../../db/client';
import { auditLog } from '../../db/schema';
import { advisoryXactLock } from '../../db/sql/locks';
import type { Actor } from '../../domain/actor';
import { createXlsxWriter } from '../../xlsx';
import type { ImportKind } from '../import-kind/kind';

/** The 导入模板 file's name: the kind's label, so a folder of templates reads as a list. */
export const templateFileName = (kind: ImportKind<unknown>) => `${kind.label}导入模板.xlsx`;

/**
 * The kind's template as XLSX bytes: its headers and one example row, every cell text (an amount or a
 * year typed over the example stays exactly what was typed; the importer reads text anyway).
 */
export async function buildTemplate(kind: ImportKind<unknown>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const w = createXlsxWriter(out);
  w.sheet({
    name: kind.template.sheet,
    columns: kind.template.columns.map((c) => ({ header: c.header, type: 'text', width: c.width ?? 16 })),
  });
  await w.row(kind.template.columns.map((c) => String(c.example)));
  await w.finish();
  await ended;
  return Buffer.concat(chunks);
}

/** A second 导入模板 click for the same kind within this window is the first click's double. */
export const TEMPLATE_DOUBLE_CLICK_MS = 30_000;

/**
 * Whether `personId` was sent this kind's template in the last TEMPLATE_DOUBLE_CLICK_MS (a double
 * click, or Feishu's retry of the callback). Takes the person's template chain's lock first, so of two
 * clicks at once the second waits for the first to record its sending.
 */
export async function templateSentJustNow(tx: Tx, personId: number, kind: string, now: Date) {
  await advisoryXactLock(rawSql(tx), {
    kind: 'audit',
    aggregateType: 'import_template',
    aggregateId: String(personId),
  });
  const [last] = await tx
    .select({ data: auditLog.data, at: auditLog.at })
    .from(auditLog)
    .where(and(eq(auditLog.aggregateType, 'import_template'), eq(auditLog.aggregateId, String(personId))))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  return !!last && last.data.kind === kind && now.getTime() - last.at.getTime() < TEMPLATE_DOUBLE_CLICK_MS;
}

/** Records that `actor` was sent this kind's template (the audit trail, and the double click's check). */
export function recordTemplateSent(tx: Tx, actor: Actor, kind: string, now: Date) {
  return appendAudit(tx, {
    aggregateType: 'import_template',
    aggregateId: actor.personId,
    actor: actor.openId,
    action: 'import.template_sent',
    data: { kind },
    at: now,
  });
}

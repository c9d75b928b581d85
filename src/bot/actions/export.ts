/**
 * 导出: the click writes the export's row and audit entry; a job builds the file and sends
 * it to the clicker's private chat, never into a group. The card stays as it is.
 */

import { buildExportMenuCard } from '../../cards/export-menu';
import { requireActor } from '../../domain/actor';
import { shanghaiYear } from '../../domain/business-date';
import { authorizeExport } from '../../features/exports/access';
import type { ExportParams } from '../../features/exports/kinds';
import { exportChoices } from '../../features/exports/menu';
import { requestExport } from '../../features/exports/request';
import { raw } from '../types';
import type { Scope } from './scopes';
import type { ActionWriteContext, ReadContext, ValueOf } from './types';

type Value = ValueOf<'export.request'>;

const paramsOf = ({ a: _a, k: _k, ...params }: Value): ExportParams => params;

/** The clicker may export what the card the button sits on lets them read, checked now. */
export const exportScope: Scope<Value> = async (ctx, v) => {
  await authorizeExport(ctx.db, ctx.actor, v.k, paramsOf(v));
};

export const requestExportFromCard = async (ctx: ActionWriteContext, v: Value) => {
  const r = await requestExport(
    { tx: ctx.tx, actor: requireActor(ctx.actor) },
    { kind: v.k, params: paramsOf(v), card: ctx.event.messageId },
  );
  if (r.fresh) ctx.afterCommit(() => ctx.deps.enqueueExports([r.id]));
  const where = ctx.chat?.type === 'group' ? '(表格不会发到群里,将私聊发送给您)' : '';
  const content = r.fresh
    ? `正在生成表格,完成后私聊发送给您${where}`
    : `同一表格正在生成中,完成后私聊发送给您${where}`;
  return { toast: { type: 'info' as const, content } };
};

/** 导出台账: the sheets of this year the clicker may ask for without opening a card first. */
export const showExportMenu = async (ctx: ReadContext) => {
  const actor = requireActor(ctx.actor);
  const year = shanghaiYear(ctx.deps.now());
  return { card: raw(buildExportMenuCard({ choices: await exportChoices(ctx.tx, actor, year) })) };
};

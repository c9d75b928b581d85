/**
 * 导入 (spreadsheets sent to the bot): the 导入模板 card and its files, and the pending import's
 * 确认导入 / 取消 / kind choice. The features check the clicker against the import and its kind.
 */
import { importChooseCard, importDoneCard, importPreviewCard, importTemplatesCard } from '../../cards/import';
import { requireActor } from '../../domain/actor';
import { DomainError } from '../../domain/errors';
import { cancelImport, chooseImportKind, confirmImport, type Decided } from '../../features/imports/decide';
import type { ImportAnswer } from '../../features/imports/receive';
import { importableBy, importKind, mayImport } from '../../features/imports/registry';
import {
  buildTemplate,
  recordTemplateSent,
  templateFileName,
  templateSentJustNow,
} from '../../features/imports/template';
import { raw } from '../types';
import type { ActionWriteContext, ReadContext, ValueOf } from './types';

/** The templates card for this person: one button per kind they may import. */
export function templatesCardFor(actor: Parameters<typeof importableBy>[0], note?: string) {
  return importTemplatesCard({
    kinds: importableBy(actor).map((k) => ({
      key: k.key,
      label: k.label,
      headers: k.template.columns.map((c) => c.header),
    })),
    ...(note ? { note } : {}),
  });
}

/** What a file message (or a kind chosen for it) is answered with: text or card. */
export function answerOf(
  a: ImportAnswer,
  actor: Parameters<typeof importableBy>[0],
): { text: string } | { card: object } {
  if ('text' in a) return { text: a.text };
  if ('templates' in a) return { card: templatesCardFor(actor, a.templates) };
  if ('choose' in a) return { card: importChooseCard(a.choose) };
  return { card: importPreviewCard(a.preview) };
}

export const showImportTemplates = async (ctx: ReadContext) => ({
  card: raw(templatesCardFor(requireActor(ctx.actor))),
});

/** 导入模板 for one kind: the XLSX goes to the clicker's private chat as a file message. */
export const sendImportTemplate = async (ctx: ActionWriteContext, v: ValueOf<'import.template'>) => {
  const actor = requireActor(ctx.actor);
  const kind = importKind(v.kind);
  if (!kind) throw new DomainError('bad_input', '没有这种导入类型');
  if (!mayImport(kind, actor)) throw new DomainError('not_allowed', `您没有导入「${kind.label}」的权限`);
  const upload = ctx.deps.uploadFile;
  if (!upload) throw new DomainError('image_unavailable', '暂不支持发送文件,请联系管理员');
  const toast = { type: 'success' as const, content: `「${kind.label}」导入模板已私聊发送给您` };
  // A double click (or a retried callback) answers as the first click did and sends nothing more.
  const now = ctx.deps.now();
  if (await templateSentJustNow(ctx.tx, actor.personId, kind.key, now)) return { toast };
  const fileKey = await upload(templateFileName(kind), await buildTemplate(kind));
  await ctx.out.send({ type: 'open_id', id: actor.openId }, { file: { fileKey } });
  await recordTemplateSent(ctx.tx, actor, kind.key, now);
  return { toast };
};

function decided(d: Decided) {
  const toast =
    d.status === 'applied'
      ? { type: 'success' as const, content: d.summary }
      : d.status === 'cancelled'
        ? { type: 'info' as const, content: '已取消导入' }
        : { type: 'warning' as const, content: '未导入:数据已变化,请重新发送文件' };
  return { toast, card: raw(importDoneCard(d)) };
}

export const confirmImportFromCard = async (ctx: ActionWriteContext, v: ValueOf<'import.confirm'>) =>
  decided(
    await confirmImport(
      { tx: ctx.tx, actor: ctx.actor, now: ctx.deps.now() },
      { pendingId: v.pending, afterCommit: ctx.afterCommit, db: ctx.deps.db },
    ),
  );

export const cancelImportFromCard = async (ctx: ActionWriteContext, v: ValueOf<'import.cancel'>) =>
  decided(await cancelImport(ctx.tx, ctx.actor, v.pending, ctx.deps.now()));

export const chooseImportFromCard = async (ctx: ActionWriteContext, v: ValueOf<'import.choose'>) => {
  const a = answerOf(
    await chooseImportKind(
      { tx: ctx.tx, actor: ctx.actor, now: ctx.deps.now() },
      { pendingId: v.pending, key: v.kind },
    ),
    ctx.actor,
  );
  return 'card' in a ? { card: raw(a.card) } : { toast: { type: 'info' as const, content: a.text } };
};

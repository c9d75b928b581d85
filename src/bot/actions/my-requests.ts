import { buildMyRequestsCard } from '../../cards/my-requests';
import { buildRequestCard } from '../../cards/request';
import type { DbOrTx } from '../../db/client';
import { requireActor } from '../../domain/actor';
import { DomainError } from '../../domain/errors';
import { REQUEST_STATUSES } from '../../domain/request-list-filter';
import {
  ATTACHMENT_MAX_BYTES,
  attachToRequest,
  type Download,
  tooLarge,
} from '../../features/purchase/attach';
import { myRequests } from '../../features/purchase/mine';
import { remindStage } from '../../features/purchase/remind';
import { requestCardView } from '../../features/purchase/request-view';
import { withdrawRequest } from '../../features/purchase/withdraw';
import { raw } from '../types';
import { requestListRequest, requestPageView } from './request-list';
import type { ActionWriteContext, ReadContext, ValueOf } from './types';

/**
 * 我的申请, one page: the clicker's own requests only (whoever holds the card, the actor is the
 * clicker), filtered and paged by keyset; the filter form (筛选) starts again at page 1.
 */
export const showMyRequests = async (ctx: ReadContext, v: ValueOf<'purchase.mine'>) => {
  const { filter, cursor } = requestListRequest(ctx.event.formValue, v, REQUEST_STATUSES, false);
  const { requests, page } = await myRequests(ctx.tx, requireActor(ctx.actor), { filter, cursor });
  return { card: raw(buildMyRequestsCard({ requests, page: requestPageView(page, page.filter) })) };
};

const requestCard = async (db: DbOrTx, id: number, now: Date) => {
  const view = await requestCardView(db, id, now);
  if (!view) throw new DomainError('no_request', `采购申请 #${id} 不存在`);
  return raw(buildRequestCard(view));
};

/** 采购申请 #N: the filer's own card of one request (the scope admits its filer only). */
export const showRequest = async (ctx: ReadContext, v: ValueOf<'purchase.request'>) => ({
  card: await requestCard(ctx.tx, v.request, ctx.deps.now()),
});

/** 撤回: the toast is the same for a double click's second callback, which finds it withdrawn. */
export const withdrawFromCard = async (ctx: ActionWriteContext, v: ValueOf<'purchase.withdraw'>) => {
  const now = ctx.deps.now();
  const r = await withdrawRequest(
    { tx: ctx.tx, out: ctx.out, actor: requireActor(ctx.actor), now },
    { requestId: v.request },
  );
  return {
    toast: { type: 'success' as const, content: r.toast },
    card: await requestCard(ctx.tx, v.request, now),
  };
};

/** 催办: one reminder per stage per working day; a double click answers as the first click did. */
export const remindFromCard = async (ctx: ActionWriteContext, v: ValueOf<'purchase.remind'>) => {
  const now = ctx.deps.now();
  const r = await remindStage({ tx: ctx.tx, out: ctx.out, actor: requireActor(ctx.actor), now }, v);
  return {
    toast: { type: 'success' as const, content: r.toast },
    card: await requestCard(ctx.tx, v.request, now),
  };
};

/** 附加到申请 #N: the file the filer sent, stored with its SHA-256; the offer card becomes the request's card. */
export const attachFromCard = async (ctx: ActionWriteContext, v: ValueOf<'purchase.attach'>) => {
  const { downloadImage, downloadFile } = ctx.deps;
  const download: Download = async (msg, key, kind) => {
    if (kind === 'image' && downloadImage) return downloadImage(msg, key);
    if (kind === 'file' && downloadFile) {
      const got = await downloadFile(msg, key, ATTACHMENT_MAX_BYTES);
      if (!got.ok) throw tooLarge();
      return got.bytes;
    }
    throw new DomainError('image_unavailable', '暂不支持下载文件,请联系管理员');
  };
  const now = ctx.deps.now();
  const r = await attachToRequest(
    { tx: ctx.tx, out: ctx.out, actor: requireActor(ctx.actor), now },
    { request: v.request, msg: v.msg, key: v.key, download },
  );
  return {
    toast: { type: 'success' as const, content: r.toast },
    card: await requestCard(ctx.tx, v.request, now),
  };
};

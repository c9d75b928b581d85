import { buildMyRequestsCard } from '../../cards/my-requests';
import { requireActor } from '../../domain/actor';
import { myRequests } from '../../features/purchase/mine';
import { raw } from '../types';
import type { ReadContext } from './types';

/** 我的申请: the clicker's own requests only (whoever holds the card, the actor is the clicker). */
export const showMyRequests = async (ctx: ReadContext) => ({
  card: raw(buildMyRequestsCard(await myRequests(ctx.tx, requireActor(ctx.actor)))),
});

/**
 * 纪检监察看板: read-only, discipline inspection only, each reader within their own discipline grants.
 * In a group the dispatcher sends the answer to the clicker's private chat (group-safe.ts: neither
 * action is group-safe), so the board never lands in a group.
 */
import { buildBoardCard } from '../../cards/board';
import { buildBoardDetailCard } from '../../cards/board-detail';
import { buildAuditVerifyCard } from '../../cards/board-verify';
import { buildReplayCard } from '../../cards/replay';
import { shanghaiDate } from '../../domain/calendar';
import { DomainError } from '../../domain/errors';
import { auditCheck, DEFAULT_ANCHOR_FILE, shanghaiMinute } from '../../features/audit/check';
import { boardLine, boardView } from '../../features/board/board';
import { boardScopeOf, NOT_DISCIPLINE, scopeLabel } from '../../features/board/scope';
import { replay } from '../../features/replay';
import { raw } from '../types';
import { role } from './scopes';
import type { ReadContext, ValueOf } from './types';

/** Who may click the board's buttons: a person holding a discipline grant (the handlers scope the rows). */
export const disciplineOnly = role(['discipline'], 'not_allowed', NOT_DISCIPLINE);

export const showBoard = async (ctx: ReadContext) => {
  const scope = boardScopeOf(ctx.actor);
  return { card: raw(buildBoardCard(await boardView(ctx.tx, scope, shanghaiDate(ctx.deps.now())))) };
};

export const showBoardDetail = async (ctx: ReadContext, v: ValueOf<'board.detail'>) => {
  const scope = boardScopeOf(ctx.actor);
  const line = await boardLine(ctx.tx, scope, { today: shanghaiDate(ctx.deps.now()), key: v.key, id: v.id });
  if (!line) throw new DomainError('not_allowed', '该看板事项已不存在或不在您的查看范围内');
  return { card: raw(buildBoardDetailCard(line)) };
};

/**
 * 审计核验: what `audit:verify` checks (chains, anchors, state rows without audit rows), for whoever
 * may see the board. The whole trail: its findings name chains and row ids, never their contents.
 */
export const verifyAuditFromCard = async (ctx: ReadContext) => {
  const file = ctx.deps.audit?.anchorFile ?? DEFAULT_ANCHOR_FILE;
  return { card: raw(buildAuditVerifyCard(await auditCheck(ctx.tx, file, ctx.deps.now()))) };
};

/**
 * 复算核验: rules 8 to 15 recomputed from the audit trail and compared with the tables and the outbox
 * (features/replay), over the clicker's discipline scope as their grants stand now: a unit-scoped
 * officer replays their units only. Read-only.
 */
export const replayFromCard = async (ctx: ReadContext) => {
  const scope = boardScopeOf(ctx.actor);
  const now = ctx.deps.now();
  const [r, label] = await Promise.all([
    replay(ctx.tx, { units: scope.units, now }),
    scopeLabel(ctx.tx, scope),
  ]);
  return { card: raw(buildReplayCard({ ...r, at: shanghaiMinute(now), scope: label })) };
};

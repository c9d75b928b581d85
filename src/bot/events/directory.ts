import { rawSql } from '../../db/client';
import { advisoryXactLock } from '../../db/sql/locks';
import {
  applyDepartment,
  applyUser,
  type DirectoryApp,
  departmentDeleted,
  userDeleted,
} from '../../features/org/directory';
import type { BotEvent } from '../normalize';
import type { EventHandler, WriteContext } from '../types';

/** Events reach the app the bot runs as, so what they say is the primary app's view. */
function appOf(ctx: WriteContext, appId: string): DirectoryApp {
  return { appId, primary: true, actor: 'directory:event', now: ctx.deps.now() };
}

/**
 * 员工入职 / 员工信息被修改 / 员工离职: the person created, renamed or moved, or marked left with their
 * open work sent to the admins. The dispatcher's claim of the event id makes a re-push change nothing.
 */
export const onDirectoryUser: EventHandler<Extract<BotEvent, { kind: 'directory_user' }>> = async (ctx) => {
  const { user, change, appId } = ctx.event;
  if (!user) {
    ctx.log.warn({ change }, 'directory user event without open_id or name: field scopes missing?');
    return undefined;
  }
  // A sync and an event must not both insert the same person or unit.
  await advisoryXactLock(rawSql(ctx.tx), { kind: 'org-import' });
  const app = appOf(ctx, appId);
  if (change === 'deleted') await userDeleted(ctx.tx, user, app, ctx.out);
  else await applyUser(ctx.tx, user, app, ctx.out);
  return undefined;
};

/** 部门新建 / 部门信息变化 / 部门被删除: the unit added or renamed; a deleted one is kept and audited. */
export const onDirectoryDepartment: EventHandler<
  Extract<BotEvent, { kind: 'directory_department' }>
> = async (ctx) => {
  const { department, change, appId } = ctx.event;
  if (!department) {
    ctx.log.warn({ change }, 'directory department event without id or name');
    return undefined;
  }
  await advisoryXactLock(rawSql(ctx.tx), { kind: 'org-import' });
  const app = appOf(ctx, appId);
  if (change === 'deleted') await departmentDeleted(ctx.tx, department.openDepartmentId, app);
  else await applyDepartment(ctx.tx, department, app);
  return undefined;
};

import { randomUUID } from 'node:crypto';
import type { RouteRequest } from './api-route';
import { applyWrite, parseInstance } from './approval-center-instance';
import { approvalCenterOf } from './approval-center-store';
import {
  approvalCodeNotFound,
  flag,
  i18nKey,
  i18nTexts,
  list,
  millis,
  object,
  paramInvalid,
  str,
  viewersAndManagers,
} from './approval-center-validate';
import type { SandboxCore } from './core';
import { ApiError } from './feishu-errors';

/**
 * The approval center's Open API routes (三方审批, approval v4): define an external approval, sync
 * an instance into it, check instances. Each request is validated as documented; a refused one is
 * journaled as a bad request, as the IM routes' 230001 is.
 */

type Obj = Record<string, unknown>;

function journaled<T>(core: SandboxCore, api: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ApiError && e.code !== 230001) core.journal.error('bad_request', `${api}: ${e.msg}`);
    throw e;
  }
}

const USER_ID_TYPES = ['open_id', 'user_id', 'union_id'];

function checkDefinition(req: RouteRequest, store: ReturnType<typeof approvalCenterOf>) {
  const body = req.body;
  const idType = req.query.get('user_id_type') ?? 'open_id';
  if (!USER_ID_TYPES.includes(idType))
    throw paramInvalid(`user_id_type ${JSON.stringify(idType)} is invalid`);
  const texts = i18nTexts(body, false);
  const nameKey = str(body, 'approval_name', '', true)!;
  // "该参数需要以 @i18n@ 开头，长度不得少于 9 个字符"
  if (nameKey.length < 9) throw paramInvalid('approval_name must be at least 9 characters');
  const name = i18nKey(body, 'approval_name', '', texts, true)!;
  const code = str(body, 'approval_code', '', true)!;
  if (code.length > 128) throw paramInvalid('approval_code is longer than 128 characters');
  const group = str(body, 'group_code', '', false);
  const groupName = i18nKey(body, 'group_name', '', texts, false);
  if (group && !groupName && !store.groups.has(group))
    throw paramInvalid(`group_name is required to create the group ${group}`);
  i18nKey(body, 'description', '', texts, false);
  const external = object(body, 'external', '', true)!;
  i18nKey(external, 'biz_name', 'external.', texts, false);
  for (const key of ['biz_type', 'create_link_pc', 'create_link_mobile', 'action_callback_url'])
    str(external, key, 'external.', false);
  for (const key of ['action_callback_token', 'action_callback_key']) str(external, key, 'external.', false);
  const pc = flag(external, 'support_pc', 'external.');
  const mobile = flag(external, 'support_mobile', 'external.');
  if (!pc && !mobile)
    throw paramInvalid('external.support_pc and external.support_mobile cannot both be false');
  for (const key of [
    'support_batch_read',
    'enable_mark_readed',
    'enable_quick_operate',
    'allow_batch_operate',
    'exclude_efficiency_statistics',
  ])
    flag(external, key, 'external.');
  viewersAndManagers(body);
  return { name, code, group };
}

/** POST /open-apis/approval/v4/external_approvals — creates, or updates by its code, a definition. */
export function createExternalApproval(req: RouteRequest, core: SandboxCore): unknown {
  const store = approvalCenterOf(core);
  const { name, code, group } = journaled(core, 'POST /open-apis/approval/v4/external_approvals', () =>
    checkDefinition(req, store),
  );
  req.admit();
  if (group) store.groups.add(group);
  // An existing definition is matched by the code Feishu gave it or the one it was created with;
  // an unknown code creates one under a code of Feishu's own ("并非你通过该参数传入的值").
  const existing = store.definitions.has(code) ? code : store.byCustomCode.get(code);
  const approvalCode = existing ?? randomUUID().toUpperCase();
  const prev = store.definitions.get(approvalCode);
  store.definitions.set(approvalCode, {
    approvalCode,
    customCode: prev?.customCode ?? code,
    name,
    writes: (prev?.writes ?? 0) + 1,
    raw: req.body,
  });
  if (!existing) store.byCustomCode.set(code, approvalCode);
  return { code: 0, msg: 'success', data: { approval_code: approvalCode } };
}

/** POST /open-apis/approval/v4/external_instances — syncs one instance (REPLACE by default, or UPDATE). */
export function syncExternalInstance(req: RouteRequest, core: SandboxCore): unknown {
  const store = approvalCenterOf(core);
  const parsed = journaled(core, 'POST /open-apis/approval/v4/external_instances', () => {
    const p = parseInstance(core, req.body);
    if (!store.definitions.has(p.view.approvalCode)) throw approvalCodeNotFound();
    const prev = store.instances.get(p.view.instanceId);
    if (prev && prev.approvalCode !== p.view.approvalCode)
      throw paramInvalid(`instance ${p.view.instanceId} belongs to another approval_code`);
    return p;
  });
  req.admit();
  const answer = { code: 0, msg: 'success', data: { data: req.body } };
  // The fault knob: the call is answered as a success and nothing is kept.
  if (store.dropping) {
    store.dropped += 1;
    return answer;
  }
  const next = applyWrite(store.instances.get(parsed.view.instanceId), parsed);
  if (next) store.instances.set(next.instanceId, next);
  return answer;
}

interface CheckEntry {
  instanceId: string;
  updateTime: string;
  tasks: { taskId: string; updateTime: string }[];
}

function checkEntries(body: Obj): CheckEntry[] {
  const instances = list(body, 'instances', '', true, 10_000);
  if (instances.length === 0) throw paramInvalid('instances must not be empty');
  return instances.map((x, i) => {
    const path = `instances[${i}].`;
    return {
      instanceId: str(x, 'instance_id', path, true)!,
      updateTime: millis(x, 'update_time', path, true)!,
      tasks: list(x, 'tasks', path, true, 10_000).map((t, j) => ({
        taskId: str(t, 'task_id', `${path}tasks[${j}].`, true)!,
        updateTime: millis(t, 'update_time', `${path}tasks[${j}].`, true)!,
      })),
    };
  });
}

/**
 * POST /open-apis/approval/v4/external_instances/check — "如果服务端不存在该实例，或者服务端实例更新时间
 * 不是最新的，则返回对应实例 ID": an instance is reported when it is missing, when its stored
 * update_time is older than the one sent, or when one of the sent tasks is missing or older.
 */
export function checkExternalInstances(req: RouteRequest, core: SandboxCore): unknown {
  const store = approvalCenterOf(core);
  const entries = journaled(core, 'POST /open-apis/approval/v4/external_instances/check', () =>
    checkEntries(req.body),
  );
  req.admit();
  const diff = [];
  for (const e of entries) {
    const stored = store.instances.get(e.instanceId);
    if (!stored) {
      diff.push({ instance_id: e.instanceId, tasks: [] });
      continue;
    }
    const taskTime = (id: string) => {
      const t = stored.tasks.find((x) => x.taskId === id);
      return t ? BigInt(t.updateTime ?? stored.updateTime) : undefined;
    };
    const stale =
      BigInt(stored.updateTime) < BigInt(e.updateTime) ||
      e.tasks.some((t) => {
        const at = taskTime(t.taskId);
        return at === undefined || at < BigInt(t.updateTime);
      });
    if (stale)
      diff.push({
        instance_id: e.instanceId,
        update_time: stored.updateTime,
        tasks: stored.tasks.map((t) => ({
          task_id: t.taskId,
          update_time: t.updateTime ?? stored.updateTime,
        })),
      });
  }
  return { code: 0, msg: 'success', data: { diff_instances: diff } };
}

import type { ApprovalInstanceView, ApprovalTaskView } from './approval-center-store';
import {
  displayMethod,
  form,
  INSTANCE_STATUSES,
  i18nKey,
  i18nTexts,
  links,
  list,
  millis,
  oneOf,
  paramInvalid,
  str,
  TASK_STATUSES,
  UPDATE_MODES,
} from './approval-center-validate';
import type { SandboxCore } from './core';

type Obj = Record<string, unknown>;

/** An instance request as parsed: what the store keeps, and how the request wants it written. */
export interface ParsedInstance {
  view: Omit<ApprovalInstanceView, 'writes'>;
  mode: 'REPLACE' | 'UPDATE';
}

/** open_id or user_id ("二选一"); an open_id must be a user of the tenant. */
function person(core: SandboxCore, o: Obj, path: string, required: boolean) {
  const openId = str(o, 'open_id', path, false);
  const userId = str(o, 'user_id', path, false);
  if (required && !openId && !userId) throw paramInvalid(`${path}open_id or user_id is required`);
  if (openId && !core.directory.user(openId)) throw paramInvalid(`${path}open_id ${openId} not found`);
  if (userId && !core.directory.userBy('user_id', userId))
    throw paramInvalid(`${path}user_id ${userId} not found`);
  return { ...(openId ? { openId } : {}), ...(userId ? { userId } : {}) };
}

/** A task's title may be an i18n key (resolved) or, as the reference's example has it, plain text. */
function taskTitle(t: Obj, path: string, texts: Map<string, string>): string | undefined {
  const raw = str(t, 'title', path, false);
  return raw?.startsWith('@i18n@') ? i18nKey(t, 'title', path, texts, true) : raw;
}

function task(core: SandboxCore, t: Obj, i: number, texts: Map<string, string>): ApprovalTaskView {
  const path = `task_list[${i}].`;
  const taskId = str(t, 'task_id', path, true)!;
  const who = person(core, t, path, true);
  const title = taskTitle(t, path, texts);
  const status = oneOf(t, 'status', path, TASK_STATUSES, true)!;
  const createTime = millis(t, 'create_time', path, true)!;
  const endTime = millis(t, 'end_time', path, true)!;
  const updateTime = millis(t, 'update_time', path, false);
  list(t, 'action_configs', path, false).forEach((a, j) => {
    const type = str(a, 'action_type', `${path}action_configs[${j}].`, true)!;
    if (type !== 'APPROVE' && type !== 'REJECT')
      i18nKey(a, 'action_name', `${path}action_configs[${j}].`, texts, true);
  });
  displayMethod(t, path);
  return {
    taskId,
    ...who,
    status,
    ...(title !== undefined ? { title } : {}),
    links: links(t, path),
    createTime,
    endTime,
    ...(updateTime !== undefined ? { updateTime } : {}),
  };
}

function ccList(core: SandboxCore, body: Obj) {
  list(body, 'cc_list', '', false).forEach((c, i) => {
    const path = `cc_list[${i}].`;
    str(c, 'cc_id', path, true);
    person(core, c, path, true);
    links(c, path);
    oneOf(c, 'read_status', path, ['READ', 'UNREAD'], true);
    millis(c, 'create_time', path, true);
    millis(c, 'update_time', path, true);
    displayMethod(c, path);
  });
}

/** Checks a POST /open-apis/approval/v4/external_instances body field by field (1390001 on the first fault). */
export function parseInstance(core: SandboxCore, body: Obj): ParsedInstance {
  const texts = i18nTexts(body, true);
  const approvalCode = str(body, 'approval_code', '', true)!;
  const status = oneOf(body, 'status', '', INSTANCE_STATUSES, true)!;
  const instanceId = str(body, 'instance_id', '', true)!;
  const instanceLinks = links(body, '');
  const title = i18nKey(body, 'title', '', texts, false);
  const formView = form(body, texts);
  const initiator = person(core, body, '', false);
  i18nKey(body, 'user_name', '', texts, false);
  i18nKey(body, 'department_name', '', texts, false);
  const startTime = millis(body, 'start_time', '', true)!;
  const endTime = millis(body, 'end_time', '', true)!;
  const updateTime = millis(body, 'update_time', '', true)!;
  displayMethod(body, '');
  const mode = (oneOf(body, 'update_mode', '', UPDATE_MODES, false) ?? 'REPLACE') as 'REPLACE' | 'UPDATE';
  const tasks = list(body, 'task_list', '', false).map((t, i) => task(core, t, i, texts));
  const ids = new Set(tasks.map((t) => t.taskId));
  if (ids.size !== tasks.length) throw paramInvalid('task_list has a task_id twice');
  ccList(core, body);
  return {
    mode,
    view: {
      instanceId,
      approvalCode,
      status,
      ...(title !== undefined ? { title } : {}),
      form: formView,
      ...(initiator.openId ? { openId: initiator.openId } : {}),
      links: instanceLinks,
      startTime,
      endTime,
      updateTime,
      tasks,
      raw: body,
    },
  };
}

/**
 * The instance after this write, or undefined when the write changes nothing. REPLACE overwrites
 * the whole instance: tasks not sent are gone. UPDATE applies only an update_time larger than the
 * stored one, and per task likewise; tasks not sent stay (the reference's two sync modes).
 */
export function applyWrite(
  prev: ApprovalInstanceView | undefined,
  next: ParsedInstance,
): ApprovalInstanceView | undefined {
  const writes = (prev?.writes ?? 0) + 1;
  if (!prev || next.mode === 'REPLACE') return { ...next.view, writes };
  if (BigInt(next.view.updateTime) <= BigInt(prev.updateTime)) return undefined;
  const tasks = new Map(prev.tasks.map((t) => [t.taskId, t]));
  for (const t of next.view.tasks) {
    const old = tasks.get(t.taskId);
    const newer =
      !old || BigInt(t.updateTime ?? next.view.updateTime) > BigInt(old.updateTime ?? prev.updateTime);
    if (newer) tasks.set(t.taskId, t);
  }
  return { ...next.view, tasks: [...tasks.values()], writes };
}

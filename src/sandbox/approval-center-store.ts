import type { SandboxCore } from './core';

/**
 * What the sandbox keeps of Feishu's approval center (审批中心, 三方审批): the external approval
 * definitions and the instances synced into them, as the three Open API routes left them
 * (approval-center.ts). Tests read it through the sandbox (`sb.approvalInstances()`).
 */

export interface ApprovalLinks {
  pcLink?: string;
  mobileLink?: string;
}

export interface ApprovalTaskView {
  taskId: string;
  openId?: string;
  userId?: string;
  status: string;
  /** The task's title as the approver reads it (its i18n key resolved), when it has one. */
  title?: string;
  links: ApprovalLinks;
  createTime: string;
  endTime: string;
  updateTime?: string;
}

export interface ApprovalInstanceView {
  instanceId: string;
  approvalCode: string;
  status: string;
  /** Title and form as the approval center shows them: the i18n keys resolved in the default locale. */
  title?: string;
  form: { name: string; value: string }[];
  /** The initiator (发起人). */
  openId?: string;
  links: ApprovalLinks;
  startTime: string;
  endTime: string;
  updateTime: string;
  tasks: ApprovalTaskView[];
  /** Accepted writes of this instance (a create, then every REPLACE or UPDATE that was applied). */
  writes: number;
  /** The last request body that was stored. */
  raw: Record<string, unknown>;
}

export interface ApprovalDefinitionView {
  /** The code Feishu answered with; instances must name this one. */
  approvalCode: string;
  /** The code the app chose and sent. */
  customCode: string;
  /** The definition's name, resolved. */
  name: string;
  /** Accepted writes (the create, then each update by the same code). */
  writes: number;
  raw: Record<string, unknown>;
}

export class ApprovalCenterStore {
  readonly definitions = new Map<string, ApprovalDefinitionView>();
  /** The app's own code -> the approval_code Feishu gave it. */
  readonly byCustomCode = new Map<string, string>();
  readonly instances = new Map<string, ApprovalInstanceView>();
  /** Approval groups (group_code) created so far. */
  readonly groups = new Set<string>();
  /** While set, instance writes are answered with code 0 but not stored (a test's fault knob). */
  dropping = false;
  dropped = 0;
}

const stores = new WeakMap<SandboxCore, ApprovalCenterStore>();

/** The approval center of one sandbox (kept beside its core, created on first use). */
export function approvalCenterOf(core: SandboxCore): ApprovalCenterStore {
  let store = stores.get(core);
  if (!store) {
    store = new ApprovalCenterStore();
    stores.set(core, store);
  }
  return store;
}

import type * as lark from '@larksuiteoapi/node-sdk';
import type { FeishuClient } from './client';
import { classifyError, classifyResponse, type FeishuOutcome } from './errors';

/**
 * The approval center's three calls (approval v4, 三方审批), through the SDK's typed methods:
 * define an external approval, sync an instance, check instances. Each answers with an outcome the
 * caller acts on, as the relay does with its sends; a rejected token is refreshed and the call made
 * once more.
 */

type V4 = lark.Client['approval']['v4'];
export type ExternalApprovalDefinition = NonNullable<Parameters<V4['externalApproval']['create']>[0]>['data'];
export type ExternalInstance = NonNullable<Parameters<V4['externalInstance']['create']>[0]>['data'];
export type InstanceCheck = NonNullable<
  Parameters<V4['externalInstance']['check']>[0]
>['data']['instances'][number];

/** `unknown_definition`: the approval_code is not (or no longer) Feishu's; define it again. */
export type ApprovalCenterOutcome = FeishuOutcome | { kind: 'unknown_definition'; code: number; msg: string };

/** The approval API's own codes (approval-v4 "错误码"); others are classified as the relay's are. */
const PARAM_INVALID = 1390001;
const UNKNOWN_DEFINITION = new Set([
  1390002 /* approval code not found */, 1390016 /* approval is deleted */,
]);

function codeOf(body: unknown): { code: number; msg: string } | undefined {
  if (body && typeof body === 'object' && 'code' in body && typeof body.code === 'number')
    return { code: body.code, msg: 'msg' in body && typeof body.msg === 'string' ? body.msg : '' };
  return undefined;
}

function approvalOutcome(body: unknown): ApprovalCenterOutcome | undefined {
  const c = codeOf(body);
  if (c?.code === PARAM_INVALID) return { kind: 'permanent', ...c };
  if (c && UNKNOWN_DEFINITION.has(c.code)) return { kind: 'unknown_definition', ...c };
  return undefined;
}

async function attempt<T>(run: () => Promise<T>): Promise<{ outcome: ApprovalCenterOutcome; body?: T }> {
  try {
    const body = await run();
    return { outcome: approvalOutcome(body) ?? classifyResponse(body), body };
  } catch (err) {
    const data = (err as { response?: { data?: unknown } })?.response?.data;
    return { outcome: approvalOutcome(data) ?? classifyError(err) };
  }
}

async function call<T>(client: FeishuClient, run: () => Promise<T>) {
  const first = await attempt(run);
  if (first.outcome.kind !== 'token_invalid') return first;
  client.tokens.clear();
  return attempt(run);
}

/** POST /open-apis/approval/v4/external_approvals: the approval_code Feishu gives the definition. */
export async function defineExternalApproval(client: FeishuClient, definition: ExternalApprovalDefinition) {
  const r = await call(client, () =>
    client.sdk.approval.v4.externalApproval.create({ data: definition, params: { user_id_type: 'open_id' } }),
  );
  const approvalCode = r.body?.data?.approval_code;
  if (r.outcome.kind === 'ok' && !approvalCode)
    return { outcome: { kind: 'transient', reason: 'no approval_code in the answer' } as const };
  return { outcome: r.outcome, approvalCode };
}

/** POST /open-apis/approval/v4/external_instances: one instance, as the caller's update_mode says. */
export async function syncExternalInstance(client: FeishuClient, instance: ExternalInstance) {
  const r = await call(client, () => client.sdk.approval.v4.externalInstance.create({ data: instance }));
  return r.outcome;
}

/**
 * POST /open-apis/approval/v4/external_instances/check: the ids of the instances Feishu has not,
 * or has older than the update_time sent (its own or a task's).
 */
export async function checkExternalInstances(client: FeishuClient, instances: InstanceCheck[]) {
  const r = await call(client, () => client.sdk.approval.v4.externalInstance.check({ data: { instances } }));
  const diff = (r.body?.data?.diff_instances ?? []).map((d) => d.instance_id);
  return { outcome: r.outcome, diff };
}

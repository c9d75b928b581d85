import type { ApprovalView } from '../../cards/approval';
import type { MirrorStage } from '../../db/sql/approval-center';
import type { StageStatus } from '../../domain/approval-route';
import type {
  ExternalApprovalDefinition,
  ExternalInstance,
  InstanceCheck,
} from '../../feishu/approval-center';

/**
 * What the approval center (审批中心) is told: the external approval definition, once per
 * deployment, and one instance per opened approval stage, built from the stage and its card's view.
 *
 * There is no one-tap approval: the definition sets no `action_callback_url` and the tasks carry no
 * `action_configs`. Both stages of rule 4 are meeting decisions (the unit leadership's collective
 * decision and the committee's), which record the meeting date and minutes number, so every stage
 * is decided in the bot's card; in this version that is all of them. The links bring the approver
 * back to the bot's chat, where the card is.
 */

/** The code the app defines its approval under (approval_center_definitions.code). */
export const DEFINITION_CODE = 'gps-purchase-approval';

export const instanceIdOf = (stageId: number) => `gps-stage-${stageId}`;
export const taskIdOf = (stageId: number, personId: number) => `gps-stage-${stageId}-p${personId}`;

export type MirrorStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELED';

/**
 * The instance status a stage wants: a stage pending when its request was withdrawn (撤回) is
 * CANCELED; a waiting stage has not opened and has no instance. `db/sql/approval-center.ts`
 * (`stagesToMirror`) maps the statuses the same way.
 */
export function wantedStatus(status: StageStatus): MirrorStatus | undefined {
  if (status === 'waiting') return undefined;
  return status === 'withdrawn' ? 'CANCELED' : (status.toUpperCase() as MirrorStatus);
}

/** An applink that opens the chat with the bot, on PC and mobile alike. */
export function botLink(appId: string): string {
  return `https://applink.feishu.cn/client/bot/open?appId=${encodeURIComponent(appId)}`;
}

const zh = (texts: Record<string, string>) => [
  {
    locale: 'zh-CN' as const,
    is_default: true,
    texts: Object.entries(texts).map(([key, value]) => ({ key, value })),
  },
];

/**
 * The definition. Feishu's update by approval_code resets the fields a call leaves out, so every
 * switch is sent explicitly. Everyone in the tenant sees it on the 发起审批 page, which links to the
 * bot, where a filing starts (发起采购).
 */
export function definitionPayload(appId: string): ExternalApprovalDefinition {
  const link = botLink(appId);
  return {
    approval_name: '@i18n@gps_approval_name',
    approval_code: DEFINITION_CODE,
    group_code: 'gps_supervision',
    group_name: '@i18n@gps_group_name',
    description: '@i18n@gps_description',
    external: {
      biz_name: '@i18n@gps_biz_name',
      biz_type: 'purchase_approval',
      create_link_pc: link,
      create_link_mobile: link,
      support_pc: true,
      support_mobile: true,
      support_batch_read: false,
      enable_mark_readed: false,
      enable_quick_operate: false,
      allow_batch_operate: false,
      exclude_efficiency_statistics: false,
    },
    viewers: [{ viewer_type: 'TENANT' }],
    i18n_resources: zh({
      '@i18n@gps_approval_name': '政府购买服务采购审批',
      '@i18n@gps_group_name': '政府购买服务监管',
      '@i18n@gps_description': '采购申请按金额分级审批,在监管助手的审批卡片中记录会议并决定',
      '@i18n@gps_biz_name': '政府购买服务监管助手',
    }),
  };
}

/** A task per person who may decide (the card's holders), and the decider if a delegate decided. */
function approvers(stage: MirrorStage): { personId: number; openId: string }[] {
  const list = stage.holderIds.map((personId, i) => ({ personId, openId: stage.holderOpenIds[i]! }));
  if (stage.decidedBy !== null && stage.deciderOpenId && !stage.holderIds.includes(stage.decidedBy))
    list.push({ personId: stage.decidedBy, openId: stage.deciderOpenId });
  return list;
}

/** The task ids a stage's instance has, as `instancePayload` builds them. */
export function taskIdsOf(stageId: number, holderIds: number[], decidedBy: number | null): string[] {
  const ids = decidedBy !== null && !holderIds.includes(decidedBy) ? [...holderIds, decidedBy] : holderIds;
  return ids.map((p) => taskIdOf(stageId, p));
}

const ms = (d: Date | null | undefined) => String(d ? d.getTime() : 0);

/** The longest 事项 shown: the form as a whole may not pass 2,048 characters. */
const ITEM_MAX = 300;

/**
 * The stage's instance, to be sent with REPLACE: status, one task per approver (decided: the
 * decider's task APPROVED or REJECTED, the others DONE, "任务通过但审批人未操作"), the title and
 * three form fields (申请单位, 金额 in yuan, 事项). `updateTime` (ms) versions the push.
 */
export function instancePayload(
  x: { approvalCode: string; appId: string; stageId: number; updateTime: number },
  stage: MirrorStage,
  view: ApprovalView,
): ExternalInstance {
  const status = wantedStatus(stage.status) ?? 'PENDING';
  const link = botLink(x.appId);
  const links = { pc_link: link, mobile_link: link };
  const decided = status === 'APPROVED' || status === 'REJECTED';
  // A withdrawn request's instance ends too: every task DONE, none approved or rejected.
  const ended = decided || status === 'CANCELED';
  const updateTime = String(x.updateTime);
  const item =
    view.description.length > ITEM_MAX ? `${view.description.slice(0, ITEM_MAX - 1)}…` : view.description;
  return {
    approval_code: x.approvalCode,
    instance_id: instanceIdOf(x.stageId),
    status,
    update_mode: 'REPLACE',
    links,
    title: '@i18n@title',
    form: [
      { name: '@i18n@unit_name', value: '@i18n@unit_value' },
      { name: '@i18n@amount_name', value: '@i18n@amount_value' },
      { name: '@i18n@item_name', value: '@i18n@item_value' },
    ],
    open_id: stage.filerOpenId,
    start_time: ms(stage.openedAt ?? stage.decidedAt),
    end_time: ended ? ms(stage.decidedAt) : '0',
    update_time: updateTime,
    task_list: approvers(stage).map((a) => ({
      task_id: taskIdOf(x.stageId, a.personId),
      open_id: a.openId,
      title: '@i18n@task',
      links,
      status: !ended ? 'PENDING' : decided && a.personId === stage.decidedBy ? status : 'DONE',
      create_time: ms(stage.openedAt ?? stage.decidedAt),
      end_time: ended ? ms(stage.decidedAt) : '0',
      update_time: updateTime,
    })),
    i18n_resources: zh({
      '@i18n@title': `采购审批 #${view.requestId} · ${view.stageLabel}${view.reapproval ? ' · 重新报批' : ''}`,
      '@i18n@task': view.stageLabel,
      '@i18n@unit_name': '申请单位',
      '@i18n@unit_value': view.unit,
      '@i18n@amount_name': '金额',
      '@i18n@amount_value': view.amountYuan,
      '@i18n@item_name': '事项',
      '@i18n@item_value': item,
    }),
  };
}

/** A confirmed instance as `external_instances/check` asks about it: the update_time last sent. */
export function checkEntry(row: {
  stageId: number;
  instanceId: string;
  mirroredAt: Date;
  holderIds: number[];
  decidedBy: number | null;
}): InstanceCheck {
  const at = ms(row.mirroredAt);
  return {
    instance_id: row.instanceId,
    update_time: at,
    tasks: taskIdsOf(row.stageId, row.holderIds, row.decidedBy).map((task_id) => ({
      task_id,
      update_time: at,
    })),
  };
}

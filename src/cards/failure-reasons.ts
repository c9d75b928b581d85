/**
 * Why a message did not arrive, in words an admin can act on, by the Feishu code that refused it
 * (the documented codes of message create, reply, patch and urgent_app). What to do comes after
 * the comma where there is something to do.
 */
const REASONS: Record<number, string> = {
  230001: '请求参数不合法',
  230002: '机器人不在群内,请把机器人重新拉进该群',
  230006: '应用未启用机器人能力,请在开发者后台启用',
  230011: '原消息已被撤回',
  230012: '机器人不是原消息的发送者',
  230013: '接收人不在应用的可用范围内(或已离职),请在开发者后台调整可用范围',
  230015: '单聊不能分享',
  230017: '文件不属于本应用',
  230018: '群设置禁止机器人发言,请群主调整群设置',
  230019: '话题已不存在',
  230020: '接收方发送过于频繁(飞书限流)',
  11233: '接收方发送过于频繁(飞书限流)',
  11232: '飞书消息系统繁忙(飞书限流)',
  230022: '消息含敏感信息',
  230023: '接收人未读加急过多',
  230024: '加急额度已用完,请联系企业管理员',
  230025: '消息内容超长',
  230027: '应用缺少必要权限,请在开发者后台开通',
  230028: '消息未通过数据防泄漏审查',
  230029: '接收人已离职',
  230031: '卡片发出已超过 14 天,不能再更新',
  230034: '接收人 ID 无效',
  230035: '机器人在该会话中被禁言或被屏蔽',
  230038: '不能跨企业单聊',
  230050: '原消息对机器人不可见',
  230052: '该群仅群主和管理员可以加急',
  230053: '接收人已设置不再接收机器人消息',
  230054: '该会话不支持此类消息',
  230055: '文件类型与消息类型不符',
  230075: '不能向密聊发送消息',
  230098: '被折叠的消息不能加急',
  230099: '卡片内容不合法',
  11310: '卡片组件超过 200 个(飞书上限)',
  100290: '卡片中有对本应用无效的人员 ID(@ 人或人员组件)',
  230110: '原消息已被删除',
  232009: '群已解散',
  99991401: '服务器 IP 不在应用的 IP 白名单内,请在开发者后台添加',
  10014: '应用已停用,请在管理后台启用',
};

/** A failure as the card explains it: the code, the scope a 99991672 names, the refusals of a limit. */
export type FailureCause = { code: number | null; scope?: string; throttled: number; targetFailed: boolean };

export function failureReason(c: FailureCause): string {
  if (c.targetFailed) return '原消息未送达,无法在其上回复、更新或加急';
  if (c.code === null) return '发送失败';
  if (c.code === 99991672) return `缺少权限 ${c.scope ?? '(未注明)'},请在开发者后台开通并发布新版本`;
  const words = REASONS[c.code] ?? `飞书错误码 ${c.code}`;
  return c.throttled > 0 ? `${words},已重试 ${c.throttled + 1} 次` : words;
}

import {
  button,
  buttons,
  capped,
  card,
  datePicker,
  type Element,
  form,
  hr,
  md,
  personPicker,
  pickerLabel,
  text,
} from './kit';

/** What the 委托审批 card shows one person. Names and descriptions are plain text: the card escapes them. */
export interface DelegationView {
  /** Today's business date (Asia/Shanghai): the earliest start the form offers. */
  today: string;
  maxDays: number;
  /** The person's approving grants as labels (`单位领导班子(资产经营公司)`); empty: nothing to delegate. */
  mine: string[];
  /** Open ids of the colleagues the picker offers. */
  colleagues: string[];
  /** The person's own live delegations (not ended, not revoked). */
  outgoing: { id: number; delegate: string; from: string; to: string; status: 'active' | 'upcoming' }[];
  /** Live delegations to the person. */
  incoming: { delegator: string; from: string; to: string; status: 'active' | 'upcoming' }[];
  /** Pending stages the person may decide today only on someone's behalf. */
  stages: { stageId: number; delegator: string; text: string }[];
}

/** Shown instead of the form to a person with no colleague who could act for them. */
export const NO_DELEGATE = '本单位没有其他可受托的审批人,无法委托。';

const STATUS = { active: '生效中', upcoming: '未开始' } as const;
const range = (d: { from: string; to: string; status: 'active' | 'upcoming' }) =>
  `${text(d.from)} 至 ${text(d.to)}(${STATUS[d.status]})`;

function outgoingPart(v: DelegationView): Element[] {
  if (v.mine.length === 0) return [];
  const els: Element[] = [
    md(`**我的审批权限**:${v.mine.map(text).join('、')}`),
    md(
      `外出期间,可将审批委托给与您在同一范围任职的同事,期限最长 ${v.maxDays} 天,到期自动结束。受托人不能审批本人经办或担任考核人的申请。`,
    ),
  ];
  const out = capped(v.outgoing, 10);
  for (const d of out.shown)
    els.push(
      md(`**已委托** ${text(d.delegate)}:${range(d)}`),
      buttons([
        button({
          text: '撤销委托',
          value: { a: 'delegation.revoke', delegation: d.id },
          type: 'danger',
          confirm: { title: '撤销委托', text: '撤销后受托人即不能再代您审批,确认?' },
        }),
      ]),
    );
  els.push(...out.note);
  // An empty options list makes Feishu offer every member of the chat (person picker page): a choice
  // the action would refuse. With no colleague to name, the card says why instead of asking.
  if (v.colleagues.length === 0) return [...els, md(NO_DELEGATE)];
  els.push(
    form('delegation', [
      pickerLabel('受托人'),
      personPicker({
        name: 'person',
        placeholder: '受托人(同一范围的同事)',
        openIds: v.colleagues,
        required: true,
      }),
      datePicker({ name: 'from_date', placeholder: '开始日期', initial: v.today }),
      datePicker({ name: 'to_date', placeholder: '结束日期' }),
      buttons([
        button({
          text: '保存委托',
          value: { a: 'delegation.create' },
          type: 'primary',
          submit: true,
          name: 'save',
        }),
      ]),
    ]),
  );
  return els;
}

function incomingPart(v: DelegationView): Element[] {
  if (v.incoming.length === 0) return v.mine.length ? [] : [md('目前没有委托给您的审批。')];
  const els: Element[] = [hr()];
  const inc = capped(v.incoming, 10);
  for (const d of inc.shown) els.push(md(`**受托审批**:${text(d.delegator)} 委托您代为审批,${range(d)}`));
  els.push(...inc.note);
  const { shown, note } = capped(v.stages, 20);
  els.push(md(shown.length ? '**可代为审批的事项**' : '目前没有可代为审批的事项。'));
  for (const s of shown)
    els.push(
      md(`代 ${text(s.delegator)}:${text(s.text)}`),
      buttons([button({ text: '去审批', value: { a: 'approval.open', stage: s.stageId }, type: 'primary' })]),
    );
  return [...els, ...note];
}

/** 委托审批: the leader's delegations with 撤销 and the form for a new one; what others delegated to them. */
export function buildDelegationCard(v: DelegationView) {
  return card({
    title: '委托审批',
    template: 'wathet',
    summary: '委托审批',
    elements: [
      ...outgoingPart(v),
      ...incomingPart(v),
      buttons([button({ text: '返回主菜单', value: { a: 'menu.show' } })]),
    ],
  });
}

/** Sent to the delegate when a leader names them. */
export function buildDelegationNoticeCard(n: {
  delegator: string;
  from: string;
  to: string;
  grants: string[];
}) {
  return card({
    title: '审批委托通知',
    template: 'wathet',
    summary: `${n.delegator} 委托您代为审批`,
    elements: [
      md(
        [
          `**${text(n.delegator)}** 委托您在 ${text(n.from)} 至 ${text(n.to)} 期间代为审批:${n.grants.map(text).join('、')}。`,
          '期间您同意或驳回的审批,将记录为「代其审批」;您本人经办或担任考核人的申请仍不能审批。到期自动结束,委托人也可提前撤销。',
        ].join('\n'),
      ),
      buttons([button({ text: '查看可代审事项', value: { a: 'delegation.show' }, type: 'primary' })]),
    ],
  });
}

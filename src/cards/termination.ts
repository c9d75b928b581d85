import type { TerminationStatus } from '../domain/contract';
import {
  button,
  buttons,
  card,
  datePicker,
  type Element,
  form,
  hr,
  input,
  md,
  type Template,
  text,
} from './kit';
import { showContractButton } from './ways-on';

/** The facts of a termination case (rule 8) as the responsible leader reads them. */
export interface TerminationView {
  caseId: number;
  contractNo: string;
  vendorName: string;
  unitName: string;
  category: string;
  term: string;
  /** `连续2个月考核得分低于80分` */
  rule: string;
  /** `2026年1月 75.0分、2026年2月 70.0分` */
  months: string;
  clause: string;
  /** The latest end date the start form accepts (the contract's own end). */
  latestEnd: string;
  status: TerminationStatus;
  /** Set once decided: who, when, and the end date or the reason. */
  decision?: { by: string; on: string; endsOn?: string | null; reason?: string | null };
}

const TEMPLATES: Record<TerminationStatus, Template> = {
  pending: 'red',
  started: 'orange',
  kept: 'blue',
  withdrawn: 'grey',
};

const SUBTITLES: Record<TerminationStatus, string> = {
  pending: '待您决定',
  started: '已启动清退',
  kept: '已决定继续履约',
  withdrawn: '已撤回',
};

function outcome(v: TerminationView): string {
  const d = v.decision;
  if (v.status === 'withdrawn') return '↩️ 清退权已因评分更正而消除,无需决定。';
  if (v.status === 'started')
    return `⛔ ${text(d?.by ?? '')}于 ${text(d?.on ?? '')} 决定启动清退,合同于 **${text(d?.endsOn ?? '')}** 终止;移交、退场事项已分派给各责任人。`;
  return `✅ ${text(d?.by ?? '')}于 ${text(d?.on ?? '')} 决定继续履约。理由:${text(d?.reason ?? '')}`;
}

/** The decision card: start termination (with the end date) or keep the vendor (with a reason). */
export function buildTerminationCard(v: TerminationView) {
  const facts = [
    `**供应商**:${text(v.vendorName)}`,
    `**合同**:${text(v.contractNo)} · ${text(v.unitName)} · ${text(v.category)} · ${text(v.term)}`,
    `**触发规则**:${text(v.rule)}`,
    `**合同期内低于标准的月份**:${text(v.months)}`,
    `**合同条款**:${text(v.clause)}`,
  ];
  const elements: Element[] = [md(facts.join('\n')), hr()];
  if (v.status !== 'pending') {
    elements.push(md(outcome(v)));
  } else {
    elements.push(
      md(
        '采购人已取得清退权。请决定:**启动清退**(供应商移交、退场,合同于所填日期终止),或**继续履约**(须填写理由)。',
      ),
      form('start', [
        {
          ...datePicker({ name: 'ends_on', placeholder: `合同终止日期(今天至 ${v.latestEnd})` }),
          required: true,
        },
        buttons([
          button({
            text: '启动清退',
            value: { a: 'termination.start', case: v.caseId },
            type: 'danger',
            submit: true,
            name: 'start_submit',
            confirm: { title: '确认启动清退', text: '启动后供应商须移交、退场,合同于所填日期终止。确认?' },
          }),
        ]),
      ]),
      form('keep', [
        {
          ...input({
            name: 'reason',
            label: '继续履约理由',
            placeholder: '必填:为什么不清退',
            multiline: true,
          }),
          required: true,
        },
        buttons([
          button({
            text: '继续履约',
            value: { a: 'termination.keep', case: v.caseId },
            type: 'primary',
            submit: true,
            name: 'keep_submit',
          }),
        ]),
      ]),
    );
  }
  return card({
    title: `清退决策 · ${v.vendorName}`,
    subtitle: `${v.contractNo} · ${SUBTITLES[v.status]}`,
    template: TEMPLATES[v.status],
    summary: `清退决策:${v.vendorName}`,
    elements,
  });
}

/**
 * An early warning of rule 9, or any other notice of the engine, as a small card; `text` is plain.
 * Its first element is the text (the replay reads it there); 查看合同 opens the contract.
 */
export function buildThresholdNoticeCard(n: {
  title: string;
  text: string;
  contractId: number;
  contractNo: string;
  vendorName: string;
}) {
  return card({
    title: n.title,
    subtitle: `${n.contractNo} · ${n.vendorName}`,
    template: 'orange',
    summary: n.title,
    elements: [md(text(n.text)), buttons([showContractButton(n.contractId)])],
  });
}

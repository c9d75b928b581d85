import { button, buttons, card, type Element, form, hr, input, md, text } from './kit';

/** A hand-over or exit item (移交、退场) of a started termination, as its owner reads it. */
export interface ExitItemView {
  itemId: number;
  title: string;
  contractNo: string;
  vendorName: string;
  endsOn: string;
  dueOn: string;
  owner: string;
  /** Set once closed. */
  closed?: { by: string; on: string; evidence: string };
}

export function buildExitItemCard(v: ExitItemView) {
  const facts = [
    `**事项**:${text(v.title)}`,
    `**供应商**:${text(v.vendorName)}(合同 ${text(v.contractNo)} 于 ${text(v.endsOn)} 终止)`,
    `**责任人**:${text(v.owner)}`,
    `**完成期限**:${text(v.dueOn)}`,
  ];
  const elements: Element[] = [md(facts.join('\n')), hr()];
  if (v.closed) {
    elements.push(
      md(`✅ ${text(v.closed.by)}于 ${text(v.closed.on)} 办结。办结说明:${text(v.closed.evidence)}`),
    );
  } else {
    elements.push(
      form('close', [
        {
          ...input({
            name: 'evidence',
            label: '办结说明',
            placeholder: '必填:完成情况及凭证(如移交清单编号、现场照片存档位置)',
            multiline: true,
          }),
          required: true,
        },
        buttons([
          button({
            text: '已完成',
            value: { a: 'exit.close', item: v.itemId },
            type: 'primary',
            submit: true,
            name: 'close_submit',
          }),
        ]),
      ]),
    );
  }
  return card({
    title: `清退事项 · ${v.title}`,
    subtitle: `${v.vendorName} · ${v.closed ? '已办结' : `${v.dueOn} 前完成`}`,
    template: v.closed ? 'green' : 'orange',
    summary: `清退事项:${v.title}`,
    elements,
  });
}

import { button, buttons, card, type Element, md, text } from './kit';

/** Something waiting on the person: a stage to decide or a draft to finish. */
export interface TodoItem {
  kind: 'approval' | 'draft';
  id: number;
  /** Plain text (a name, a description): the card escapes it. */
  text: string;
}

/** 我的待办: one line per item, each with the button that acts on it. */
export function buildTodoCard(items: TodoItem[]) {
  const elements: Element[] = items.length
    ? items
        .slice(0, 40)
        .flatMap((t) => [
          md(text(t.text)),
          buttons([
            t.kind === 'approval'
              ? button({ text: '去审批', value: { a: 'approval.open', stage: t.id }, type: 'primary' })
              : button({ text: '继续填写', value: { a: 'purchase.resume', draft: t.id } }),
          ]),
        ])
    : [md('暂无待办事项。')];
  elements.push(buttons([button({ text: '返回主菜单', value: { a: 'menu.show' } })]));
  return card({ title: '我的待办', subtitle: `共 ${items.length} 项`, template: 'wathet', elements });
}

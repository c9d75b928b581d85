import { button, buttons, card, type Element, md, type Template, text } from './kit';

/**
 * Ways on: the button on a notice to the thing it is about. The click runs the
 * thing's own show action, which checks the clicker's roles as its button elsewhere does.
 */
export const showContractButton = (contractId: number): Element =>
  button({ text: '查看合同', value: { a: 'contract.show', contract: contractId } });

/**
 * A short notice with the way on: its words (plain text, escaped here) and the buttons to what it is
 * about, so a notice is never a dead end in the chat.
 */
export function buildNoticeCard(v: { title: string; text: string; template?: Template; actions: Element[] }) {
  return card({
    title: v.title,
    template: v.template ?? 'blue',
    summary: v.text,
    elements: [md(text(v.text)), buttons(v.actions)],
  });
}

/** 打开审批: the stage's approval card (who may decide is checked when the decision is made). */
export const openApprovalButton = (stageId: number): Element =>
  button({ text: '打开审批', value: { a: 'approval.open', stage: stageId } });

/** 我的角色: where a person whose roles changed sees them all. */
export const myRolesButton = (): Element => button({ text: '我的角色', value: { a: 'roles.mine' } });

/** 导出: the export menu, to ask for a file again. */
export const exportMenuButton = (): Element => button({ text: '重新导出', value: { a: 'export.menu' } });

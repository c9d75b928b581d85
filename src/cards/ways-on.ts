import { button, type Element } from './kit';

/**
 * Ways on (issue 25, point 6): the button on a notice to the thing it is about. The click runs the
 * thing's own show action, which checks the clicker's roles as its button elsewhere does.
 */
export const showContractButton = (contractId: number): Element =>
  button({ text: '查看合同', value: { a: 'contract.show', contract: contractId } });

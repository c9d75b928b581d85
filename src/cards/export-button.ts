import { button, type Element } from './kit';
import type { ActionValue } from './values';

type ExportValue = Extract<ActionValue, { a: 'export.request' }>;

/**
 * 导出: asks for the sheet behind a card; the file comes to the clicker's private chat (the click
 * answers with a toast and leaves the card as it is).
 */
export function exportButton(text: string, value: Omit<ExportValue, 'a'>): Element {
  return button({ text, value: { a: 'export.request', ...value } });
}

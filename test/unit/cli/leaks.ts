import { STAGE_LABELS } from '../../../src/domain/approval-route';
import { BOARD_LINE_KEYS } from '../../../src/domain/board-rules';
import { SERVICE_CATEGORIES } from '../../../src/domain/categories';
import { CONTRACT_STATUS_LABELS, PROCUREMENT_METHODS } from '../../../src/domain/contract';
import { ROLES } from '../../../src/domain/roles';
import { SAVING_CAUSES } from '../../../src/domain/savings';

/**
 * The product's enum values, which people must only ever see by their Chinese labels. Built from
 * the domain's own arrays so a new value is checked too; the rest are union types without an array.
 */
export const ENUM_WORDS = [
  ...SERVICE_CATEGORIES,
  ...ROLES,
  ...PROCUREMENT_METHODS,
  ...SAVING_CAUSES,
  ...BOARD_LINE_KEYS,
  ...Object.keys(STAGE_LABELS),
  ...Object.keys(CONTRACT_STATUS_LABELS),
  // Warning kinds (threshold.ts), termination statuses and request states (union types only).
  ...['below', 'cumulative', 'average', 'consecutive', 'pending', 'approved', 'rejected', 'kept'],
  ...['started', 'withdrawn', 'success', 'error', 'info', 'warning', 'zone'],
];

/** Everything in a transcript people should not have to read: JSON, open_ids, English enum names. */
export function leaks(text: string): string[] {
  const found: string[] = [];
  for (const line of text.split('\n')) {
    if (line.includes('{"')) found.push(`JSON: ${line.trim()}`);
    if (/\bou_[0-9a-z]+/.test(line)) found.push(`open_id: ${line.trim()}`);
    for (const w of ENUM_WORDS) {
      // Whole words only: `filer` must not match inside another identifier.
      if (new RegExp(`(?<![A-Za-z_])${w}(?![A-Za-z_])`).test(line)) found.push(`${w}: ${line.trim()}`);
    }
  }
  return found;
}

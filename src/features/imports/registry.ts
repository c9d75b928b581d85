/**
 * Every import kind the chat accepts, in the order the 导入模板 card lists them. Kinds are listed here
 * by import (not registered by a side effect) so the list is complete wherever this module is loaded.
 */
import type { Actor } from '../../domain/actor';
import { budgetImportKind } from '../budget/import-kind';
import { calendarImportKind } from '../calendar/import-kind';
import { HISTORY_KINDS } from '../history/kinds';
import { type ImportKind, normalizeHeader } from '../import-kind/kind';
import { orgImportKind } from '../org/import-kind';
import { vendorImportKind } from '../procurement/vendor-import-kind';

export const IMPORT_KINDS: readonly ImportKind<any>[] = [
  budgetImportKind,
  orgImportKind,
  calendarImportKind,
  vendorImportKind,
  // Last year brought in: vendors with their bans, running contracts, past scores, paid periods.
  ...HISTORY_KINDS,
];

export function importKind(key: string): ImportKind<unknown> | undefined {
  return IMPORT_KINDS.find((k) => k.key === key);
}

/** The kinds whose header the file carries (none, one, or several when the header is ambiguous). */
export function detectKinds(header: string[]): ImportKind<unknown>[] {
  const clean = header.map((h) => normalizeHeader(h));
  return IMPORT_KINDS.filter((k) => k.detect(clean));
}

/** Whether the actor may import this kind now (a grant of one of its roles, anywhere). */
export function mayImport(kind: ImportKind<unknown>, actor: Actor | undefined): actor is Actor {
  return !!actor && actor.grants.some((g) => kind.roles.includes(g.role));
}

/** The kinds the actor may import (the 导入模板 card's buttons); empty for everyone else. */
export function importableBy(actor: Actor | undefined): ImportKind<unknown>[] {
  return IMPORT_KINDS.filter((k) => mayImport(k, actor));
}

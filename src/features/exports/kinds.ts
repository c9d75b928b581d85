import type { ActionValue } from '../../cards/values';

type Request = Extract<ActionValue, { a: 'export.request' }>;
export type ExportKind = Request['k'];
/** What the button says the sheet covers: the value without its action and kind. */
export type ExportParams = Omit<Request, 'a' | 'k'>;

/** The params in one canonical form: the same sheet asked twice has the same key. */
export function paramsKey(p: ExportParams): string {
  const entries = Object.entries(p)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify(Object.fromEntries(entries));
}

/** The sheet's name as people call it, for messages and the file name. */
export const KIND_TITLES: Record<ExportKind, string> = {
  scores: '考核台账',
  settlements: '结算台账',
  savings: '节约资金台账',
  spot_checks: '抽查样本',
  rectifications: '整改事项',
  audit_trail: '审计记录',
};

import { z } from 'zod';
import { BOARD_LINE_KEYS } from '../domain/board-rules';
import { TERM_STATUSES } from '../domain/contract-status';
import { hasControlChars } from '../domain/form';
import { LIST_SEARCH_MAX } from '../domain/list-page';
import { PROGRESS, REQUEST_STATUSES } from '../domain/request-list-filter';
import { id, month, scoreEntryFields } from '../domain/score-payload';
import { STANDINGS } from '../domain/standing';

/** A rubric item key (`[a-z0-9_]{1,32}`, never `__proto__`), as 转为整改 carries it. */
const rubricKey = z.string().regex(/^(?!__proto__$)[a-z0-9_]{1,32}$/);

/** An import kind's key (features/imports/registry.ts), checked against the registry by the handler. */
const importKey = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/);

/** A settlement period as its buttons carry it: the schedule's period label (at most 30 characters). */
const period = z
  .string()
  .min(1)
  .max(60)
  .refine((x) => !hasControlChars(x));

/** A page of a contract-based list and its filter (domain/list-page, cards/list-pager). */
const listPage = {
  after: id.optional(),
  before: id.optional(),
  status: z.enum(TERM_STATUSES).optional(),
  year: z.number().int().min(2000).max(2100).optional(),
  unit: id.optional(),
  vendor: id.optional(),
  standing: z.enum(STANDINGS).optional(),
  /** 筛选: the filter card of the list, showing this filter. */
  edit: z.literal(true).optional(),
  q: z
    .string()
    .min(1)
    .max(LIST_SEARCH_MAX)
    .refine((x) => !hasControlChars(x))
    .optional(),
};

/** A page of a request list and its filter (domain/request-list-filter, cards/request-list-pager). */
const requestPage = {
  after: id.optional(),
  before: id.optional(),
  year: z.number().int().min(2000).max(2100).optional(),
  q: listPage.q,
};

/**
 * Every button's callback value is one member of this union: builders encode with it and the
 * router decodes with it, so a card and its handler cannot disagree.
 */
export const actionValue = z.discriminatedUnion('a', [
  z.strictObject({ a: z.literal('menu.show') }),
  z.strictObject({ a: z.literal('roles.mine') }),
  // 角色管理 and a page of its grants (keyset) with the search (features/org/grants grantPage).
  z.strictObject({ a: z.literal('roles.admin'), after: id.optional(), before: id.optional(), q: listPage.q }),
  z.strictObject({ a: z.literal('roles.grant') }),
  z.strictObject({ a: z.literal('roles.revoke') }),
  // 发送失败: the zone admins' list of undelivered messages, and a resend of one.
  z.strictObject({ a: z.literal('delivery.failed') }),
  z.strictObject({ a: z.literal('delivery.resend'), row: z.uuid() }),
  z.strictObject({ a: z.literal('help') }),
  z.strictObject({ a: z.literal('group.open') }),
  z.strictObject({ a: z.literal('group.bind'), kind: z.enum(['leadership', 'project']) }),
  z.strictObject({ a: z.literal('group.unbind'), binding: id }),
  z.strictObject({ a: z.literal('purchase.start') }),
  z.strictObject({ a: z.literal('purchase.resume'), draft: id }),
  z.strictObject({
    a: z.literal('purchase.step'),
    draft: id,
    step: z.number().int().min(1).max(5),
    go: z.enum(['next', 'back', 'save']),
  }),
  z.strictObject({ a: z.literal('purchase.cancel'), draft: id }),
  z.strictObject({ a: z.literal('purchase.submit'), draft: id }),
  z.strictObject({ a: z.literal('approval.approve'), stage: id }),
  z.strictObject({ a: z.literal('approval.reject'), stage: id }),
  z.strictObject({ a: z.literal('todo.show') }),
  z.strictObject({
    a: z.literal('purchase.mine'),
    ...requestPage,
    status: z.enum(REQUEST_STATUSES).optional(),
  }),
  // A request's own card (我的申请 → 查看) and its filer's 撤回, 催办 and 附加附件.
  z.strictObject({ a: z.literal('purchase.request'), request: id }),
  z.strictObject({ a: z.literal('purchase.withdraw'), request: id }),
  z.strictObject({ a: z.literal('purchase.remind'), request: id, stage: id }),
  z.strictObject({
    a: z.literal('purchase.attach'),
    request: id,
    msg: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    key: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/),
  }),
  z.strictObject({ a: z.literal('budget.show') }),
  z.strictObject({ a: z.literal('budget.add') }),
  z.strictObject({ a: z.literal('savings.show'), year: z.number().int().min(2000).max(2100).optional() }),
  z.strictObject({ a: z.literal('savings.add') }),
  z.strictObject({ a: z.literal('standing.show'), unit: id.optional() }),
  z.strictObject({ a: z.literal('approval.open'), stage: id }),
  z.strictObject({ a: z.literal('score.list') }),
  z.strictObject({ a: z.literal('score.form'), contract: id, month }),
  z.strictObject({ a: z.literal('score.correct'), contract: id, month }),
  z.strictObject({
    a: z.literal('score.preview'),
    contract: id,
    month,
    supersedes: id.optional(),
  }),
  z.strictObject({ a: z.literal('score.edit'), ...scoreEntryFields }),
  z.strictObject({ a: z.literal('score.confirm'), ...scoreEntryFields }),
  // 问题整改: a recorded deduction's 转为整改 form, and raising it as a rectification item.
  z.strictObject({ a: z.literal('daily.form'), contract: id, month, item: rubricKey }),
  z.strictObject({ a: z.literal('daily.raise'), contract: id, month, item: rubricKey }),
  // A page of the vendor register (keyset) and its search (features/procurement/vendors).
  z.strictObject({
    a: z.literal('vendor.list'),
    after: id.optional(),
    before: id.optional(),
    q: listPage.q,
    banned: z.literal(true).optional(),
  }),
  z.strictObject({ a: z.literal('vendor.add') }),
  z.strictObject({
    a: z.literal('procurement.list'),
    ...requestPage,
    status: z.enum(PROGRESS).optional(),
    unit: id.optional(),
  }),
  z.strictObject({ a: z.literal('procurement.form'), request: id }),
  z.strictObject({ a: z.literal('procurement.record'), request: id }),
  // A page of the contract list (keyset: the id at the page's edge) and its filter (domain/list-page).
  z.strictObject({ a: z.literal('contract.list'), ...listPage }),
  z.strictObject({ a: z.literal('contract.form'), request: id }),
  z.strictObject({ a: z.literal('contract.preview'), request: id }),
  z.strictObject({ a: z.literal('contract.sign'), request: id }),
  // 法务审核 (rule 6): the filer submits the checked form as a draft; legal approves or returns it.
  z.strictObject({ a: z.literal('contract.submit_review'), request: id }),
  z.strictObject({ a: z.literal('legal.approve'), draft: id }),
  z.strictObject({ a: z.literal('legal.return'), draft: id }),
  z.strictObject({ a: z.literal('contract.show'), contract: id }),
  z.strictObject({ a: z.literal('settlement.list'), ...listPage }),
  z.strictObject({ a: z.literal('settlement.show'), contract: id }),
  z.strictObject({
    a: z.literal('settlement.audit'),
    contract: id,
    period: period.optional(),
  }),
  z.strictObject({
    a: z.literal('settlement.confirm'),
    contract: id,
    period: period,
  }),
  z.strictObject({ a: z.literal('termination.start'), case: id }),
  z.strictObject({ a: z.literal('termination.keep'), case: id }),
  z.strictObject({ a: z.literal('exit.close'), item: id }),
  z.strictObject({ a: z.literal('spotcheck.open') }),
  // 以往抽查, past its first page: the id at the page's edge (keyset, domain/list-page).
  z.strictObject({ a: z.literal('spotcheck.list'), after: id.optional(), before: id.optional() }),
  z.strictObject({ a: z.literal('spotcheck.create') }),
  z.strictObject({ a: z.literal('spotcheck.draw'), check: id }),
  z.strictObject({
    a: z.literal('spotcheck.show'),
    check: id,
    page: z.number().int().min(0).max(1000).optional(),
  }),
  z.strictObject({ a: z.literal('spotcheck.form'), check: id, score: id }),
  z.strictObject({ a: z.literal('spotcheck.score'), check: id, score: id }),
  // 验证抽样: re-draws the check from the audit trail (read-only).
  z.strictObject({ a: z.literal('spotcheck.verify'), check: id }),
  z.strictObject({ a: z.literal('inspection.list'), ...listPage }),
  z.strictObject({ a: z.literal('inspection.form'), contract: id }),
  // 督查记录: a page (keyset: the id at the page's edge), of one contract when named.
  z.strictObject({
    a: z.literal('inspection.records'),
    contract: id.optional(),
    after: id.optional(),
    before: id.optional(),
  }),
  z.strictObject({ a: z.literal('inspection.record'), contract: id }),
  z.strictObject({ a: z.literal('rectification.report'), contract: id.optional() }),
  z.strictObject({ a: z.literal('rectification.close'), item: id }),
  z.strictObject({ a: z.literal('rectification.confirm'), item: id }),
  z.strictObject({ a: z.literal('rectification.reopen'), item: id }),
  z.strictObject({
    a: z.literal('rectification.attach'),
    item: id,
    msg: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    key: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/),
  }),
  // 满意度测评 (rule 7): a recipient's answer to one round; the click checks the invite, never the value.
  z.strictObject({ a: z.literal('survey.answer'), round: id }),
  z.strictObject({ a: z.literal('delegation.show') }),
  z.strictObject({ a: z.literal('delegation.create') }),
  z.strictObject({ a: z.literal('delegation.revoke'), delegation: id }),
  // 纪检监察看板: the board, and the rows behind one of its lines.
  z.strictObject({ a: z.literal('board.show') }),
  z.strictObject({ a: z.literal('board.detail'), key: z.enum(BOARD_LINE_KEYS), id }),
  // 审计核验: what audit:verify checks, from the board (read-only).
  z.strictObject({ a: z.literal('board.verify') }),
  // 复算核验: rules 8 to 15 recomputed from the audit trail, for the clicker's discipline scope (read-only).
  z.strictObject({ a: z.literal('board.replay') }),
  // 导入 (spreadsheets sent to the bot): the templates, one template, and a stored pending import.
  z.strictObject({ a: z.literal('import.templates') }),
  z.strictObject({ a: z.literal('import.template'), kind: importKey }),
  z.strictObject({ a: z.literal('import.confirm'), pending: id }),
  z.strictObject({ a: z.literal('import.cancel'), pending: id }),
  z.strictObject({ a: z.literal('import.choose'), pending: id, kind: importKey }),
  // 导出台账 (the word 导出): the sheets the clicker may ask for without opening a card first.
  z.strictObject({ a: z.literal('export.menu') }),
  // 导出: which sheet, and the small ids it covers; the click checks them against the clicker.
  z.strictObject({
    a: z.literal('export.request'),
    k: z.enum(['scores', 'settlements', 'savings', 'spot_checks', 'rectifications', 'audit_trail']),
    contract: id.optional(),
    check: id.optional(),
    /** A unit's sheet (the year's score ledger of one unit), when no contract is named. */
    unit: id.optional(),
    year: z.number().int().min(2000).max(2100).optional(),
  }),
]);
export type ActionValue = z.infer<typeof actionValue>;
export type ActionName = ActionValue['a'];

import { isRealDate } from './business-date';
import { AWARD_LABEL } from './chain-dates';
import { PROCUREMENT_METHODS, type ProcurementMethod } from './contract';
import { dateOrderMessage, type NamedDate } from './date-order';
import { formatYuan, parseAmount } from './money';
import { METHODS } from './purchase-fields';

/** What the procurement form sends, every field as typed. */
export interface ProcurementForm {
  method: string;
  platform: string;
  referenceNo: string;
  bidders: string;
  awardDate: string;
  vendor: string;
  price: string;
  singleSourceReason: string;
  approvalRef: string;
  reapprovalRef: string;
}

export interface ParsedProcurement {
  method: ProcurementMethod;
  platform: string;
  referenceNo: string;
  bidders: number;
  awardDate: string;
  vendorId: number;
  awardedFen: bigint;
  singleSourceReason: string | null;
  nonOpenApprovalRef: string | null;
  reapprovalRef: string | null;
}

/**
 * The fewest suppliers that make each method valid: a tender needs 3 bidders (招标投标法 art. 28),
 * negotiation and inquiry invite at least 3 (政府采购法 arts. 38, 40), and competitive consultation
 * of a purchased service may go on with 2 (财库〔2015〕124号); single source has exactly 1.
 */
export const MIN_BIDDERS: Record<ProcurementMethod, number> = {
  open_tender: 3,
  invited_tender: 3,
  competitive_negotiation: 3,
  competitive_consultation: 2,
  single_source: 1,
  inquiry: 3,
};

/** A written justification shorter than this is not a justification. */
export const MIN_JUSTIFICATION_CHARS = 10;

export const isOpenMethod = (m: ProcurementMethod) => m === 'open_tender';

export interface ProcurementFacts {
  /** The amount the request was approved for. */
  approvedFen: bigint;
  /** The policy's open-tender threshold. */
  openTenderThresholdFen: bigint;
  /** Today in Asia/Shanghai. */
  today: string;
  /** The approval the purchase was made under (its meeting date): the award may not precede it. */
  approval?: NamedDate;
}

/** Each problem keyed by the form field it is about (Chinese), for the card to show next to it. */
export type ProcurementErrors = Partial<Record<keyof ProcurementForm, string>>;
type Result =
  | { ok: true; value: ParsedProcurement }
  | { ok: false; error: string; errors: ProcurementErrors };

/**
 * Every problem with a procurement form (rule 5 and the limits) at once, or the parsed
 * record. `error` joins the problems for a toast; `errors` keys them by field.
 */
export function validateProcurement(f: ProcurementForm, facts: ProcurementFacts): Result {
  const e: ProcurementErrors = {};
  const method = f.method.trim() as ProcurementMethod;
  const known = PROCUREMENT_METHODS.includes(method);
  if (!known) e.method = '请选择采购方式';
  const label = METHODS[method];
  const platform = f.platform.trim();
  if (!platform) e.platform = '请填写交易平台,如 苏州市公共资源交易平台';
  const referenceNo = f.referenceNo.trim();
  if (!referenceNo) e.referenceNo = '请填写交易平台上的项目编号';
  const biddersText = f.bidders.trim();
  const bidders = Number(biddersText);
  if (!/^\d{1,4}$/.test(biddersText) || bidders < 1) e.bidders = '参与供应商数量应为正整数,如 3';
  else if (method === 'single_source' && bidders !== 1) e.bidders = '单一来源采购的供应商只能是1家';
  else if (known && bidders < MIN_BIDDERS[method])
    e.bidders = `${label}须至少有${MIN_BIDDERS[method]}家供应商参与,本次为${bidders}家`;
  const awardDate = /^(\d{4}-\d{2}-\d{2})/.exec(f.awardDate.trim())?.[1];
  if (!awardDate) e.awardDate = '请选择成交(中标)日期';
  else if (!isRealDate(awardDate)) e.awardDate = `成交日期 ${awardDate} 不是有效日期`;
  else if (awardDate > facts.today) e.awardDate = `成交日期 ${awardDate} 晚于今天(${facts.today}),请核对`;
  else if (facts.approval) {
    // 先采购后审批: an award dated before the approval it was made under is refused.
    const before = dateOrderMessage({ label: AWARD_LABEL, date: awardDate }, facts.approval);
    if (before) e.awardDate = `${before},不能先采购后审批`;
  }
  if (!/^[1-9]\d{0,9}$/.test(f.vendor.trim()) || Number(f.vendor.trim()) > 2147483647)
    e.vendor = '请选择中标(成交)供应商';
  const price = parseAmount(f.price);
  if (!price.ok) e.price = `成交金额:${price.error}`;
  const awardedFen = price.ok ? price.fen : 0n;
  const reason = f.singleSourceReason.trim();
  if (method === 'single_source' && [...reason].length < MIN_JUSTIFICATION_CHARS)
    e.singleSourceReason = `单一来源采购须填写书面理由(不少于${MIN_JUSTIFICATION_CHARS}个字)`;
  const approvalRef = f.approvalRef.trim();
  // The larger of the approved and awarded amounts decides (bigint: no Math.max).
  let basis = facts.approvedFen;
  if (awardedFen > basis) basis = awardedFen;
  const needsApproval = known && !isOpenMethod(method) && basis >= facts.openTenderThresholdFen;
  if (needsApproval && !approvalRef)
    e.approvalRef = `采购金额 ${formatYuan(basis)} 达到公开招标数额标准 ${formatYuan(facts.openTenderThresholdFen)},采用${label}须填写批准文号`;
  const problems = Object.values(e);
  if (problems.length || !awardDate) return { ok: false, error: problems.join(';'), errors: e };
  // A price above the approved amount is not refused here: the record starts a re-approval of the
  // request for it (rule 4), and the reference of that re-approval is filled in when it is decided.
  return {
    ok: true,
    value: {
      method,
      platform,
      referenceNo,
      bidders,
      awardDate,
      vendorId: Number(f.vendor.trim()),
      awardedFen,
      singleSourceReason: method === 'single_source' ? reason : null,
      nonOpenApprovalRef: needsApproval ? approvalRef : null,
      reapprovalRef: null,
    },
  };
}

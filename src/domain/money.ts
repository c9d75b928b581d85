/**
 * Money as staff type it and as the bot shows it. Amounts are integer fen (分) in a `bigint`:
 * DOMAIN.md forbids floating point, so parsing works on the digit strings and never calls parseFloat.
 */

import { MAX_AMOUNT_FEN } from './money-format';

// Formatting lives beside parsing's file; callers import money from one place.
export { divideHalfUp, formatWan, formatWanExact, formatYuan, MAX_AMOUNT_FEN } from './money-format';

export type ParsedAmount = { ok: true; fen: bigint } | { ok: false; error: string };

const EXAMPLES = '示例:199999.99、199,999.99、19.9万、20万元';

/** Fen per unit, and the decimals that still land on a whole fen. */
const UNITS = {
  yuan: { fen: 100n, decimals: 2, tooPrecise: '金额最多保留两位小数' },
  wan: { fen: 1_000_000n, decimals: 6, tooPrecise: '以“万”为单位时最多保留六位小数' },
} as const;

// Phones and Chinese IMEs produce full-width characters; the amount means the same, so fold them.
const FULL_WIDTH: Record<string, string> = { '，': ',', '．': '.', '－': '-', '＋': '+', '　': ' ' };

// A leading yuan sign (¥ half-width or ￥ full-width, as IMEs type it) says the currency the
// amount is in anyway, so it is read and dropped; a space after it is allowed.
function normalise(input: string): string {
  return input
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[，．－＋　]/g, (c) => FULL_WIDTH[c] ?? c)
    .trim()
    .replace(/^[¥￥]\s*/, '');
}

/** Plain digits, or digits grouped by three with commas; then an optional fraction. */
const NUMBER = /^(\d+|\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/;

const fail = (error: string): ParsedAmount => ({ ok: false, error });

/**
 * Parse an amount typed by staff into fen. Accepted: `199999.99`, `199,999.99`, `19.9万`, `20万元`,
 * `200000元`, a leading ¥ or ￥ (`¥18万`, `￥180,000.00`), full-width digits and punctuation, surrounding spaces and a space before the unit.
 * Yuan allow 2 decimals and 万 allow 6, so every accepted amount is a whole number of fen and no
 * rounding ever happens here: an amount that would need rounding is refused, not guessed.
 * The amount must be above 0 and at most 10^12 yuan ({@link MAX_AMOUNT_FEN}).
 */
export function parseAmount(input: string): ParsedAmount {
  const text = normalise(input);
  if (text === '') return fail('请输入金额');
  // A cap on length keeps the message readable and the BigInt small; no real amount is this long.
  if (text.length > 40) return fail(`无法识别的金额格式,${EXAMPLES}`);
  const unknown = fail(`无法识别的金额格式:${text},${EXAMPLES}`);

  const split = /^(.*?)\s*([万元]*)$/.exec(text);
  const body = split?.[1] ?? '';
  const suffix = split?.[2] ?? '';
  if (body.startsWith('-') && /\d/.test(body)) return fail('金额必须大于0');
  if (/^[\d.,]*\d[eE][+-]?\d+$/.test(body)) return fail('不支持科学计数法,请直接写出金额数字');
  if (suffix !== '' && suffix !== '元' && suffix !== '万' && suffix !== '万元') {
    return fail(`金额单位只能是“元”“万”或“万元”:${text}`);
  }
  if (/^[\d,]+(\.\d+)?$/.test(body) && body.includes(',') && !NUMBER.test(body)) {
    return fail(`千分位逗号位置不正确:${text},应每三位一组,如 199,999.99`);
  }
  const m = NUMBER.exec(body);
  if (!m) return unknown;

  const unit = suffix.startsWith('万') ? UNITS.wan : UNITS.yuan;
  const whole = (m[1] ?? '').replaceAll(',', '');
  const fraction = m[2] ?? '';
  if (fraction.length > unit.decimals) return fail(unit.tooPrecise);

  // Each unit's allowed decimals are exactly its fen digits (10^decimals = fen per unit), so the
  // padded fraction is already a count of fen.
  const fen = BigInt(whole) * unit.fen + BigInt(fraction.padEnd(unit.decimals, '0'));
  if (fen <= 0n) return fail('金额必须大于0');
  if (fen > MAX_AMOUNT_FEN) return fail('金额过大:不能超过 1,000,000,000,000.00元');
  return { ok: true, fen };
}

import type { CellType, CellValue } from './types';

/** Style index (cellXfs in parts.ts) of each column type; 1 is the header. */
export const STYLE: Record<CellType, number> = {
  text: 2,
  int: 3,
  score: 4,
  yuan: 5,
  date: 6,
  datetime: 7,
  percent: 8,
};
export const HEADER_STYLE = 1;

// Characters XML 1.0 forbids, plus what must be escaped, plus `_x` (see escapeText).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const NEEDS_WORK = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|_x/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const ESCAPED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Text for an XML element or attribute: escaped, control characters dropped. */
export function escapeXml(s: string): string {
  return s.replace(FORBIDDEN, '').replace(/[&<>"]/g, (c) => ESCAPED[c]!);
}

/**
 * Cell text. Excel reads `_xHHHH_` inside a string as an escaped character, so a literal one (a
 * file name, a code) has its underscore escaped as `_x005F_` to come back as typed.
 */
export function escapeText(s: string): string {
  if (!NEEDS_WORK.test(s)) return s;
  return escapeXml(s).replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1');
}

const INT = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
// Excel's day 0 is 1899-12-30 (its 1900 leap-year bug makes serials from March 1900 on line up).
const EPOCH_OFFSET_DAYS = 25_569;
const SHANGHAI_MS = 8 * 3_600_000;

function bad(type: CellType, v: unknown): never {
  throw new TypeError(`xlsx: ${String(v)} (${typeof v}) is not a ${type} value`);
}

/**
 * A finite number's text, the same as `String(v)` (JSON serialises a finite number by ToString), but
 * without V8's number-to-string cache: `String` stores every number it converts with its string in
 * that cache, an old-space table, so a long sheet of decimals and timestamps kept each pair alive
 * until it was replaced, long enough to be promoted: 4 MB per 25 young collections in the
 * 600,000-row ledger (0.15 MB with this), and its peak RSS grew with the run.
 */
export const numberText = (v: number): string => JSON.stringify(v);

function finite(type: CellType, v: CellValue): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) bad(type, v);
    return numberText(v);
  }
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string' && DECIMAL.test(v)) return v;
  return bad(type, v);
}

/** Fen as the exact decimal yuan by digits, never by float division: 12345 → 123.45, -5 → -0.05. */
export function fenToYuanText(v: CellValue): string {
  let digits: string;
  if (typeof v === 'bigint') digits = String(v);
  else if (typeof v === 'number' && Number.isSafeInteger(v)) digits = numberText(v);
  else if (typeof v === 'string' && INT.test(v))
    digits = BigInt(v).toString(); // drops leading zeros
  else return bad('yuan', v);
  const negative = digits.charCodeAt(0) === 45; // '-'
  if (negative) digits = digits.slice(1);
  if (digits.length < 3) digits = digits.padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** 'YYYY-MM-DD' as an Excel serial day number. */
export function dateSerial(v: CellValue): number {
  const m = typeof v === 'string' ? DATE.exec(v) : null;
  if (!m) return bad('date', v);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) bad('date', v);
  return ms / DAY_MS + EPOCH_OFFSET_DAYS;
}

/** A moment as the Excel serial of its Asia/Shanghai wall-clock time (UTC+8, no DST since 1991). */
export function dateTimeSerial(v: CellValue): number {
  if (!(v instanceof Date) || Number.isNaN(v.getTime())) return bad('datetime', v);
  return (v.getTime() + SHANGHAI_MS) / DAY_MS + EPOCH_OFFSET_DAYS;
}

export type CellEncoder = (v: CellValue) => string;

/**
 * The `<c>` writer of one column (null and undefined give an empty, styled cell). Built once per
 * sheet so a row is one call per cell, with no per-cell type dispatch.
 */
export function cellEncoder(type: CellType): CellEncoder {
  const s = STYLE[type];
  const empty = `<c s="${s}"/>`;
  const open = `<c s="${s}"><v>`;
  const close = '</v></c>';
  switch (type) {
    case 'text':
      return (v) => {
        if (v === null || v === undefined) return empty;
        if (typeof v === 'string') return inlineString(s, v);
        return typeof v === 'number' || typeof v === 'bigint' ? inlineString(s, String(v)) : bad(type, v);
      };
    case 'int':
      return (v) => {
        if (v === null || v === undefined) return empty;
        if (typeof v === 'number' ? !Number.isSafeInteger(v) : typeof v === 'string' && !INT.test(v))
          bad(type, v);
        return open + finite(type, v) + close;
      };
    case 'score':
    case 'percent':
      return (v) => (v === null || v === undefined ? empty : open + finite(type, v) + close);
    case 'yuan':
      return (v) => (v === null || v === undefined ? empty : open + fenToYuanText(v) + close);
    case 'date': {
      // An export has few distinct dates (months, days of a year): remember their serials.
      const memo = new Map<string, string>();
      return (v) => {
        if (v === null || v === undefined) return empty;
        const hit = typeof v === 'string' ? memo.get(v) : undefined;
        if (hit !== undefined) return hit;
        const xml = open + dateSerial(v) + close;
        if (memo.size > 4096) memo.clear();
        memo.set(v as string, xml);
        return xml;
      };
    }
    case 'datetime':
      return (v) => (v === null || v === undefined ? empty : open + numberText(dateTimeSerial(v)) + close);
  }
}

/** An inline-string cell; spaces at either end are kept (xml:space). */
export function inlineString(style: number, text: string): string {
  const t = escapeText(text);
  // Only ASCII whitespace is at risk: XML parsers may trim it, not ideographic spaces.
  const keep = t.length > 0 && (t.charCodeAt(0) <= 32 || t.charCodeAt(t.length - 1) <= 32);
  return `<c s="${style}" t="inlineStr"><is><t${keep ? ' xml:space="preserve"' : ''}>${t}</t></is></c>`;
}

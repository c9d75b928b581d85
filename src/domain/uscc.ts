/**
 * The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters,
 * 1 registration authority (登记管理部门代码), 1 institution class (机构类别代码),
 * 6 digits of the registering authority's region (GB/T 2260), 9 of the subject identifier
 * (主体标识码, the GB 11714 organisation code) and 1 check character.
 */

/** The code's 31 characters: digits and capital letters without I, O, Z, S, V; a character's value is its index. */
export const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weight of position i (0-based) is 3^i mod 31. */
const WEIGHTS = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

/**
 * Registration authorities and, for each, the institution classes it assigns, as allocated by the
 * national code centre under GB 32100 (A and N were added after 2015).
 */
export const USCC_AUTHORITIES: Record<string, { name: string; classes: string }> = {
  '1': { name: '机构编制', classes: '1239' },
  '2': { name: '外交', classes: '19' },
  '3': { name: '司法行政', classes: '123459' },
  '4': { name: '文化', classes: '19' },
  '5': { name: '民政', classes: '1239' },
  '6': { name: '旅游', classes: '129' },
  '7': { name: '宗教', classes: '129' },
  '8': { name: '工会', classes: '19' },
  '9': { name: '工商', classes: '123' },
  A: { name: '中央军委改革和编制办公室', classes: '19' },
  N: { name: '农业', classes: '1239' },
  Y: { name: '其他', classes: '1' },
};

export type UsccRule = 'length' | 'charset' | 'authority' | 'class' | 'region' | 'check_digit';
export type UsccCheck = { ok: true; code: string } | { ok: false; rule: UsccRule; message: string };

/** The check character of the first 17 characters (all from {@link USCC_CHARS}). */
export function usccCheckChar(body17: string): string {
  const sum = [...body17].reduce((acc, c, i) => acc + USCC_CHARS.indexOf(c) * WEIGHTS[i]!, 0);
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

/** Full-width letters and digits (as Chinese IMEs type them) folded, spaces dropped, upper-cased. */
function normalise(input: string): string {
  return input
    .replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000-]/g, '')
    .toUpperCase();
}

const fail = (rule: UsccRule, message: string): UsccCheck => ({ ok: false, rule, message });

/**
 * Validates a code as typed and returns it normalised, or the first rule it breaks with a Chinese
 * message that names the position. A wrong check character does not reveal the right one: a typo
 * elsewhere would otherwise be "fixed" into a valid but wrong code.
 */
export function checkUscc(input: string): UsccCheck {
  const code = normalise(input);
  if (code.length !== 18) return fail('length', `统一社会信用代码应为18位,您输入了${code.length}位`);
  const bad = [...code].findIndex((c) => !USCC_CHARS.includes(c));
  if (bad >= 0)
    return fail(
      'charset',
      `统一社会信用代码第${bad + 1}位「${code[bad]}」不是有效字符(只能是数字或除 I、O、S、V、Z 以外的大写字母)`,
    );
  const authority = USCC_AUTHORITIES[code[0]!];
  if (!authority) return fail('authority', `统一社会信用代码第1位「${code[0]}」不是有效的登记管理部门代码`);
  if (!authority.classes.includes(code[1]!))
    return fail(
      'class',
      `统一社会信用代码第2位「${code[1]}」不是登记管理部门「${authority.name}」的机构类别代码`,
    );
  if (!/^\d{6}$/.test(code.slice(2, 8)))
    return fail('region', '统一社会信用代码第3至8位应为6位数字的行政区划码');
  if (usccCheckChar(code.slice(0, 17)) !== code[17])
    return fail('check_digit', '统一社会信用代码校验位(第18位)不符,请逐位核对是否输错');
  return { ok: true, code };
}

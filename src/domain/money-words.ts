/** An amount in 人民币大写, as cheques, receipts and settlement forms write it. */

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const PLACES = ['', '拾', '佰', '仟'];

/** 1..9999 without leading 零: 1010 → 壹仟零壹拾, 10 → 壹拾 (finance always writes the 壹). */
function group(n: number): string {
  let out = '';
  let zero = false;
  for (let place = 3; place >= 0; place--) {
    const d = Math.floor(n / 10 ** place) % 10;
    if (d === 0) {
      zero = out !== '';
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGITS[d]! + PLACES[place]!;
  }
  return out;
}

/**
 * A positive whole number of yuan. A gap of zeros between two parts is one 零 (壹亿零壹, 壹佰万零壹拾);
 * 亿 nests, so 10001亿 is 壹万零壹亿.
 */
function whole(n: bigint): string {
  if (n >= 100_000_000n) {
    const high = n / 100_000_000n;
    const low = n % 100_000_000n;
    const head = `${whole(high)}亿`;
    if (low === 0n) return head;
    return head + (low < 10_000_000n ? '零' : '') + whole(low);
  }
  const v = Number(n);
  const high = Math.floor(v / 10_000);
  const low = v % 10_000;
  if (high === 0) return group(low);
  const head = `${group(high)}万`;
  if (low === 0) return head;
  return head + (low < 1000 ? '零' : '') + group(low);
}

/**
 * Fen in 人民币大写: 0 → 零元整, 12345678 → 壹拾贰万叁仟肆佰伍拾陆元柒角捌分, 10000000100 → 壹亿零壹元整,
 * 100001005 → 壹佰万零壹拾元零伍分. 整 only when there are no 角 and no 分 (the payment rules allow it to
 * be left out after 角); 零 before 分 when 角 is 0; a negative amount starts with 负.
 */
export function fenToChineseWords(fen: bigint | number): string {
  if (typeof fen === 'number' && !Number.isSafeInteger(fen))
    throw new RangeError(`fenToChineseWords: ${fen} is not a whole number of fen`);
  const n = BigInt(fen);
  const sign = n < 0n ? '负' : '';
  const abs = n < 0n ? -n : n;
  const yuan = abs / 100n;
  const jiao = Number((abs / 10n) % 10n);
  const cents = Number(abs % 10n);
  if (abs === 0n) return '零元整';
  let out = yuan > 0n ? `${whole(yuan)}元` : '';
  if (jiao === 0 && cents === 0) return `${sign}${out}整`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (yuan > 0n) out += '零';
  if (cents > 0) out += `${DIGITS[cents]}分`;
  return sign + out;
}

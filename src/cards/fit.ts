type Element = Record<string, unknown>;

/**
 * Feishu refuses a card over 30 KB or with more than 200 elements, and the refusal reaches the user
 * as nothing at all. Every card passes through here (kit's `card()`), so no list or long text can
 * push one over: first long texts are clipped, then the largest top-level blocks (list sections)
 * give way to a note, keeping forms and the trailing buttons. Small cards are returned untouched.
 */

/**
 * Below Feishu's 30 KB, which holds for the whole request body (发送消息: "卡片消息的请求体最大不能超过
 * 30 KB"): the card travels there as a JSON string, so its quotes and backslashes are escaped again.
 * `bytes` measures that escaped form; 1 KB is left for the envelope (receive_id, msg_type, uuid).
 */
export const CARD_BUDGET_BYTES = 29 * 1024;
const MAX_ELEMENTS = 180;
const CLIP_STEPS = [600, 300, 120, 40];
const NOTE: Element = { tag: 'markdown', content: '内容较多,部分未显示;请缩小范围后查看。' };

type Obj = Record<string, unknown>;
type Card = { body: { elements: Element[] } } & Obj;

const utf8 = new TextEncoder();
/** The size of `v` as it travels in a send's body: JSON, then JSON-escaped again as `content`. */
const bytes = (v: unknown) => utf8.encode(JSON.stringify(JSON.stringify(v))).length;

function countElements(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + countElements(x), 0);
  if (!v || typeof v !== 'object') return 0;
  const o = v as Obj;
  // Counted as Feishu (and the sandbox's checker) count: every tagged object, texts included.
  let n = typeof o.tag === 'string' ? 1 : 0;
  for (const [k, x] of Object.entries(o)) if (k !== 'behaviors') n += countElements(x);
  return n;
}

/** A text cut to `max` characters, never leaving half an entity or tag behind. */
function clipText(s: string, max: number): string {
  const chars = [...s];
  if (chars.length <= max) return s;
  return `${chars
    .slice(0, max)
    .join('')
    .replace(/&[#\w]*$/, '')
    .replace(/<[^>]*$/, '')}…`;
}

/** Every shown text (`content`) clipped; button values, names and tags are never touched. */
function clipAll(v: unknown, max: number): unknown {
  if (Array.isArray(v)) return v.map((x) => clipAll(x, max));
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v as Obj).map(([k, x]) => [
      k,
      k === 'behaviors' || k === 'value'
        ? x
        : k === 'content' && typeof x === 'string'
          ? clipText(x, max)
          : clipAll(x, max),
    ]),
  );
}

// The trailing block (navigation buttons) and forms stay; list sections are what give way.
const keeps = (e: Element, i: number, all: Element[]) => i === all.length - 1 || e.tag === 'form';

/** Removes the largest droppable blocks until the card fits; a note says something is missing. */
function dropBlocks(card: Card): Card {
  const elements = [...card.body.elements];
  const sizes = elements.map(bytes);
  let total = bytes(card);
  let count = countElements(elements);
  const dropped = new Set<number>();
  const dropLargest = (): boolean => {
    let pick = -1;
    for (let i = 0; i < elements.length; i++)
      if (!dropped.has(i) && !keeps(elements[i]!, i, elements) && (pick < 0 || sizes[i]! > sizes[pick]!))
        pick = i;
    if (pick < 0) return false;
    dropped.add(pick);
    total -= sizes[pick]!;
    count -= countElements(elements[pick]);
    return true;
  };
  const result = (): Card => {
    const first = Math.min(...dropped);
    const kept = elements.flatMap((e, i) => (i === first ? [NOTE] : dropped.has(i) ? [] : [e]));
    return { ...card, body: { ...card.body, elements: kept } };
  };
  // The sum of the blocks' sizes is close to the card's, not exact (each is escaped on its own):
  // drop by the estimate, then measure and go on while the card itself is still over.
  while ((total > CARD_BUDGET_BYTES || count > MAX_ELEMENTS) && dropLargest());
  if (!dropped.size) return card;
  let fitted = result();
  while (
    (bytes(fitted) > CARD_BUDGET_BYTES || countElements(fitted.body.elements) > MAX_ELEMENTS) &&
    dropLargest()
  )
    fitted = result();
  return fitted;
}

export function fitToLimits<C extends Card>(card: C): C {
  if (bytes(card) <= CARD_BUDGET_BYTES && countElements(card.body.elements) <= MAX_ELEMENTS) return card;
  let fitted: Card = card;
  for (const max of CLIP_STEPS) {
    fitted = clipAll(card, max) as Card;
    if (bytes(fitted) <= CARD_BUDGET_BYTES) break;
  }
  fitted = dropBlocks(fitted);
  // Still over (a form alone too large): keep the first blocks and the last one, clipped hardest.
  if (bytes(fitted) > CARD_BUDGET_BYTES || countElements(fitted.body.elements) > MAX_ELEMENTS) {
    const els = fitted.body.elements;
    const last = els[els.length - 1];
    const head: Element[] = [];
    for (const e of els.slice(0, -1)) {
      const next = {
        ...fitted,
        body: { ...fitted.body, elements: [...head, e, NOTE, ...(last ? [last] : [])] },
      };
      if (bytes(next) > CARD_BUDGET_BYTES || countElements(next.body.elements) > MAX_ELEMENTS) break;
      head.push(e);
    }
    fitted = { ...fitted, body: { ...fitted.body, elements: [...head, NOTE, ...(last ? [last] : [])] } };
  }
  return fitted as C;
}

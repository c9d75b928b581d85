import { createHash } from 'node:crypto';
import { canonicalJson, GENESIS_HASH } from './hash';

/**
 * Anchors: the heads of every audit chain, witnessed outside the database.
 *
 * One anchor a day. Its `digest` goes out in a message to discipline inspection and its line is
 * appended to a file; both live where whoever can write the database cannot reach. The anchors are
 * chained (`prev` is the previous digest), and each line carries only the heads that moved since
 * the previous one: the full set is rebuilt by replaying the lines, and `root` fixes it.
 *
 * Plain sha256 (not the audit key): anyone holding the file and a message can recompute them.
 */

/** One chain's head as anchored: aggregate type, aggregate id, seq, hash. */
export type AnchorHead = [type: string, id: string, seq: number, hash: string];
export type HeadSet = Map<string, { seq: number; hash: string }>;

export type Anchor = {
  v: 1;
  n: number;
  /** The business day (Asia/Shanghai) it anchors. */
  date: string;
  at: string;
  prev: string;
  chains: number;
  rows: number;
  root: string;
  /** Heads new or advanced since the previous anchor. */
  changed: AnchorHead[];
  /** Chains found shorter than (or missing from) the previous anchor when this one was taken. */
  regressed: AnchorHead[];
  digest: string;
};

export const headKey = (type: string, id: string) => `${type}\u0000${id}`; // text can never hold NUL
const splitKey = (key: string) => key.split('\u0000') as [string, string];

/** sha256 over every head, in key order, one `type\tid\tseq\thash` line each. */
export function headsRoot(heads: HeadSet): string {
  const h = createHash('sha256');
  for (const key of [...heads.keys()].sort()) {
    const { seq, hash } = heads.get(key)!;
    const [type, id] = splitKey(key);
    h.update(`${type}\t${id}\t${seq}\t${hash}\n`);
  }
  return h.digest('hex');
}

const totals = (heads: HeadSet) => {
  let rows = 0;
  for (const { seq } of heads.values()) rows += seq;
  return { chains: heads.size, rows };
};

function digestOf(a: Omit<Anchor, 'digest' | 'changed' | 'regressed'>): string {
  const body = canonicalJson({
    v: a.v,
    n: a.n,
    date: a.date,
    at: a.at,
    chains: a.chains,
    rows: a.rows,
    root: a.root,
  });
  return createHash('sha256').update(`${a.prev}\n${body}`).digest('hex');
}

/**
 * The next anchor after `prev` (undefined for the first), from the heads now in the database. The
 * anchored set only grows: a chain that went backwards or vanished keeps its anchored head, and is
 * listed in `regressed` (the rows it had are the news, not its new shorter state).
 */
export function nextAnchor(
  prev: { anchor: Anchor; heads: HeadSet } | undefined,
  current: AnchorHead[],
  date: string,
  at: Date,
): { anchor: Anchor; heads: HeadSet } {
  const heads: HeadSet = new Map(prev?.heads);
  const now = new Map<string, AnchorHead>();
  for (const h of current) now.set(headKey(h[0], h[1]), h);
  const changed: AnchorHead[] = [];
  const regressed: AnchorHead[] = [];
  for (const [key, h] of now) {
    const before = heads.get(key);
    if (!before || h[2] > before.seq) {
      heads.set(key, { seq: h[2], hash: h[3] });
      changed.push(h);
    }
  }
  // A head behind the anchored one, or at its seq with another hash (a rewritten row), or gone.
  for (const [key, before] of prev?.heads ?? []) {
    const h = now.get(key);
    if (!h || h[2] < before.seq || (h[2] === before.seq && h[3] !== before.hash)) {
      const [type, id] = splitKey(key);
      regressed.push([type, id, h?.[2] ?? 0, h?.[3] ?? '']);
    }
  }
  changed.sort(byKey);
  regressed.sort(byKey);
  const base = {
    v: 1 as const,
    n: (prev?.anchor.n ?? 0) + 1,
    date,
    at: at.toISOString(),
    prev: prev?.anchor.digest ?? GENESIS_HASH,
    ...totals(heads),
    root: headsRoot(heads),
  };
  return { anchor: { ...base, changed, regressed, digest: digestOf(base) }, heads };
}

const byKey = (a: AnchorHead, b: AnchorHead) => {
  const ka = headKey(a[0], a[1]);
  const kb = headKey(b[0], b[1]);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

export const anchorLine = (a: Anchor) => JSON.stringify(a);

export type Replayed = { anchors: Anchor[]; heads: HeadSet; problems: string[] };

/**
 * Rebuilds the anchored heads from the lines (of the file, or of the database's copy) and checks
 * that each line is what it claims: numbered in order, chained to the one before, its totals, root
 * and digest recomputed. Stops at the first bad line: what follows it cannot be trusted either.
 */
export function replayAnchors(lines: string[]): Replayed {
  const anchors: Anchor[] = [];
  const heads: HeadSet = new Map();
  const problems: string[] = [];
  for (const [i, line] of lines.entries()) {
    const where = `锚点文件第 ${i + 1} 行`;
    const a = parseAnchor(line);
    if (!a) {
      problems.push(`${where}不是锚点:文件被编辑或截断`);
      break;
    }
    const prev = anchors.at(-1);
    if (a.n !== (prev?.n ?? 0) + 1 || a.prev !== (prev?.digest ?? GENESIS_HASH)) {
      problems.push(`${where}(#${a.n},${a.date})未接续锚点 #${prev?.n ?? 0}:有锚点被删除或插入`);
      break;
    }
    for (const [type, id, seq, hash] of a.changed) heads.set(headKey(type, id), { seq, hash });
    const t = totals(heads);
    const base = { v: a.v, n: a.n, date: a.date, at: a.at, prev: a.prev, ...t, root: headsRoot(heads) };
    if (t.chains !== a.chains || t.rows !== a.rows || base.root !== a.root || digestOf(base) !== a.digest) {
      problems.push(`${where}(#${a.n},${a.date})的链头、合计或摘要对不上:该行被编辑`);
      break;
    }
    anchors.push(a);
  }
  return { anchors, heads, problems };
}

function parseAnchor(line: string): Anchor | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  const a = v as Anchor;
  const isHead = (h: unknown) =>
    Array.isArray(h) &&
    h.length === 4 &&
    typeof h[0] === 'string' &&
    typeof h[1] === 'string' &&
    Number.isInteger(h[2]) &&
    typeof h[3] === 'string';
  const ok =
    typeof v === 'object' &&
    v !== null &&
    a.v === 1 &&
    Number.isInteger(a.n) &&
    typeof a.date === 'string' &&
    typeof a.at === 'string' &&
    typeof a.prev === 'string' &&
    Number.isInteger(a.chains) &&
    Number.isInteger(a.rows) &&
    typeof a.root === 'string' &&
    typeof a.digest === 'string' &&
    Array.isArray(a.changed) &&
    a.changed.every(isHead) &&
    Array.isArray(a.regressed) &&
    a.regressed.every(isHead);
  return ok ? a : undefined;
}

/**
 * The draw's HMAC-SHA256 as WebAssembly SIMD: the same two compressions as the JavaScript kernel
 * (hmac-sha256.ts) on i32x4 lanes, so one pass hashes four ids. The module's bytes are emitted here,
 * instruction by instruction (no toolchain, no binary file): the rounds and the message schedule are
 * unrolled, the eight working variables renamed each round instead of moved. hmac-sha256-simd.ts
 * runs it; a test checks every rank against the JavaScript kernel and node:crypto.
 *
 * Memory: the inner and outer pad states at 0 and 128 (each word splatted to four lanes), then
 * groups of 32 bytes from DATA: four ids' high words, then their low words; `run(n)` replaces each of
 * the n groups by the first two words of the four MACs (what a rank is made of).
 */

import { K } from './hmac-sha256';

/** Where the groups start; the pad states sit below. */
export const DATA = 256;
/** Groups per `run` call: 16,384 ids, 512 KiB of memory with the states. */
export const GROUPS = 4096;

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
};
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];

// Opcodes (the SIMD ones after the 0xfd prefix, their numbers as LEB128).
const get = (l: number) => [0x20, ...uleb(l)];
const set = (l: number) => [0x21, ...uleb(l)];
const i32 = (n: number) => [0x41, ...sleb(n | 0)];
const simd = (op: number) => [0xfd, ...uleb(op)];
const LOAD = 0x00;
const STORE = 0x0b;
const memarg = (offset: number) => [4, ...uleb(offset)]; // 16-byte aligned
const load = (offset: number) => [...simd(LOAD), ...memarg(offset)];
const store = (offset: number) => [...simd(STORE), ...memarg(offset)];
const splat = (n: number) => {
  const b: number[] = [];
  for (let i = 0; i < 4; i++) b.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
  return [...simd(0x0c), ...b];
};
const OR = simd(0x50);
const XOR = simd(0x51);
const SELECT = simd(0x52); // bitselect(v1, v2, mask): v1 where mask is 1
const SHL = simd(0xab);
const SHR = simd(0xad);
const ADD = simd(0xae);

/** x rotated right by n, on the stack. */
const rotr = (x: number, n: number) => [
  ...get(x),
  ...i32(n),
  ...SHR,
  ...get(x),
  ...i32(32 - n),
  ...SHL,
  ...OR,
];
const shr = (x: number, n: number) => [...get(x), ...i32(n), ...SHR];
const xor3 = (x: number[], y: number[], z: number[]) => [...x, ...y, ...XOR, ...z, ...XOR];
/** The lanes' sum of the terms, each term code that leaves one v128 on the stack. */
const sum = (...terms: number[][]) => terms.flatMap((t, i) => (i === 0 ? t : [...t, ...ADD]));
// SHA-256's functions (FIPS 180-4, 4.1.2) over locals.
const bigSigma0 = (x: number) => xor3(rotr(x, 2), rotr(x, 13), rotr(x, 22));
const bigSigma1 = (x: number) => xor3(rotr(x, 6), rotr(x, 11), rotr(x, 25));
const sigma0 = (x: number) => xor3(rotr(x, 7), rotr(x, 18), shr(x, 3));
const sigma1 = (x: number) => xor3(rotr(x, 17), rotr(x, 19), shr(x, 10));
/** Ch(e, f, g): f where e has a 1, g elsewhere. */
const ch = (e: number, f: number, g: number) => [...get(f), ...get(g), ...get(e), ...SELECT];
/** Maj(a, b, c): a (= b) where a and b agree, c where they differ. */
const maj = (a: number, b: number, c: number) => [
  ...get(c),
  ...get(b),
  ...get(a),
  ...get(b),
  ...XOR,
  ...SELECT,
];

// Locals: 0 the group count (param), 1 the group pointer, 2 the end; then v128s.
const P = 1;
const END = 2;
const V = 3; // eight working variables
const W = V + 8; // sixteen schedule words
const T1 = W + 16;
const T2 = T1 + 1;
const V128_LOCALS = T2 + 1 - V;

/** One compression of W into the working variables, which start as (and end added to) `state`. */
function compression(state: number): number[] {
  const code: number[] = [];
  for (let j = 0; j < 8; j++) code.push(...i32(0), ...load(state + 16 * j), ...set(V + j));
  let [a, b, c, d, e, f, g, h] = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => V + j) as number[];
  for (let i = 0; i < 64; i++) {
    // The schedule in a ring of sixteen: W[i] takes the place of W[i - 16].
    const w = W + (i % 16);
    const back = (n: number) => W + ((i - n) % 16);
    if (i >= 16) code.push(...sum(sigma1(back(2)), get(back(7)), sigma0(back(15)), get(w)), ...set(w));
    code.push(
      ...sum(get(h!), bigSigma1(e!), ch(e!, f!, g!), splat(K[i]!), get(w)),
      ...set(T1),
      ...sum(bigSigma0(a!), maj(a!, b!, c!)),
      ...set(T2),
      ...sum(get(d!), get(T1)),
      ...set(d!),
      ...sum(get(T1), get(T2)),
      ...set(h!),
    );
    // Renamed, not moved: the new a is the old h's local, the new e the old d's.
    [a, b, c, d, e, f, g, h] = [h, a, b, c, d, e, f, g];
  }
  return code;
}

// Control and i32 opcodes of the loop around the hashing.
const I32_ADD = 0x6a;
const I32_MUL = 0x6c;
const I32_GE_U = 0x4f;
const BLOCK = [0x02, 0x40]; // with no result
const LOOP = [0x03, 0x40];
const BR = 0x0c;
const BR_IF = 0x0d;
const END_ = 0x0b;
const MAGIC_VERSION = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const name = (s: string) => vec([...s].map((c) => [c.charCodeAt(0)]));
/** `v` (splatted) into each of the schedule words `from` to `to`, inclusive. */
const fill = (from: number, to: number, v: number) => {
  const code: number[] = [];
  for (let j = from; j <= to; j++) code.push(...splat(v), ...set(W + j));
  return code;
};

/** The module's bytes: `run(n)` and its memory `mem`. */
export function emitHmacModule(): Uint8Array {
  const body: number[] = [
    ...[...get(0), ...i32(32), I32_MUL, ...i32(DATA), I32_ADD, ...set(END)], // end = DATA + 32n
    ...[...i32(DATA), ...set(P)], // p = DATA
    ...BLOCK,
    ...LOOP,
    ...[...get(P), ...get(END), I32_GE_U, BR_IF, 1], // out of the block once p >= end
    // The inner block: the id (8 bytes: its high word, its low word), 0x80, zeros, 72 * 8 bits.
    ...[...get(P), ...load(0), ...set(W), ...get(P), ...load(16), ...set(W + 1)],
    ...fill(2, 2, 0x80000000),
    ...fill(3, 14, 0),
    ...fill(15, 15, 72 * 8),
    ...compression(0),
  ];
  // The inner digest (state + variables) is the outer block's first eight words: (64 + 32) * 8 bits.
  for (let j = 0; j < 8; j++) body.push(...sum([...i32(0), ...load(16 * j)], get(V + j)), ...set(W + j));
  body.push(...fill(8, 8, 0x80000000), ...fill(9, 14, 0), ...fill(15, 15, 96 * 8), ...compression(128));
  // The MAC's first two words, in place of the ids; then p += 32 and round again.
  body.push(...get(P), ...sum([...i32(0), ...load(128)], get(V)), ...store(0));
  body.push(...get(P), ...sum([...i32(0), ...load(144)], get(V + 1)), ...store(16));
  body.push(...get(P), ...i32(32), I32_ADD, ...set(P), BR, 0, END_, END_, END_);
  const locals = vec([
    [...uleb(2), 0x7f], // i32
    [...uleb(V128_LOCALS), 0x7b], // v128
  ]);
  const fn = [...locals, ...body];
  const pages = Math.ceil((DATA + GROUPS * 32) / 65536);
  return Uint8Array.from([
    ...MAGIC_VERSION,
    ...section(1, vec([[0x60, ...vec([[0x7f]]), ...vec([])]])), // type 0: (i32) -> ()
    ...section(3, vec([[0]])), // function 0 has type 0
    ...section(5, vec([[0x00, ...uleb(pages)]])), // one memory, no maximum
    ...section(
      7,
      vec([
        [...name('run'), 0x00, 0],
        [...name('mem'), 0x02, 0],
      ]),
    ), // exports
    ...section(10, vec([[...uleb(fn.length), ...fn]])), // code
  ]);
}

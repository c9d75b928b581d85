/**
 * HMAC-SHA256 keyed by a spot check's seed, over a score id as 8 bytes big-endian (rule 12's draw
 * key). SHA-256 is written out here (pure, no I/O) because the draw hashes every assessment of the
 * population: with the key's pads compressed once, one HMAC is two compressions, several times
 * faster than node's per-call HMAC. A property test checks it against node:crypto.
 */

/**
 * The reference kernel, in one function. The draw ranks its population with the SIMD kernel
 * (hmac-sha256-simd.ts, which starts from `padStates` and `K` here); `drawSample` (verify's re-draw)
 * uses `rankerOf`, and a test holds the two to the same ranks.
 */
function hmacKernel() {
  const K = new Int32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]);
  const IV = new Int32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);

  // Int32 arrays keep every word a small integer in V8's optimised code (no uint32-to-double boxing).
  const W = new Int32Array(64);

  /** One SHA-256 compression of the 16-word block `w` (read from W[0..15]) into `out`, from `state`. */
  function compress(state: Int32Array, out: Int32Array): void {
    for (let i = 16; i < 64; i++) {
      const a = W[i - 15]!;
      const b = W[i - 2]!;
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
    }
    let a = state[0]!;
    let b = state[1]!;
    let c = state[2]!;
    let d = state[3]!;
    let e = state[4]!;
    let f = state[5]!;
    let g = state[6]!;
    let h = state[7]!;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + S1 + (g ^ (e & (f ^ g))) + K[i]! + W[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) | (c & (a | b)))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    out[0] = (state[0]! + a) | 0;
    out[1] = (state[1]! + b) | 0;
    out[2] = (state[2]! + c) | 0;
    out[3] = (state[3]! + d) | 0;
    out[4] = (state[4]! + e) | 0;
    out[5] = (state[5]! + f) | 0;
    out[6] = (state[6]! + g) | 0;
    out[7] = (state[7]! + h) | 0;
  }

  function hexBytes(hex: string): Uint8Array {
    if (!/^[0-9a-f]{64}$/.test(hex))
      throw new RangeError('seed must be 32 bytes as 64 lower-case hex digits');
    return Uint8Array.from({ length: 32 }, (_, i) => Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16));
  }

  /** The state after compressing the key block XOR `pad` (HMAC's inner or outer prefix). */
  function padState(key: Uint8Array, pad: number): Int32Array {
    for (let i = 0; i < 16; i++) {
      let word = 0;
      for (let j = 0; j < 4; j++) word = (word << 8) | ((key[4 * i + j] ?? 0) ^ pad);
      W[i] = word;
    }
    const out = new Int32Array(8);
    compress(IV, out);
    return out;
  }

  /** HMAC-SHA256 keyed by one seed, over score ids; `into` receives the 8 words of the MAC. */
  function hmacOfSeed(seedHex: string): (id: number, into: Int32Array) => void {
    const key = hexBytes(seedHex);
    const inner = padState(key, 0x36);
    const outer = padState(key, 0x5c);
    return (id, into) => {
      if (!Number.isSafeInteger(id) || id < 0)
        throw new RangeError(`score id must be a safe integer, got ${id}`);
      // 64 bytes of key block, then 8 bytes of message: the padded length is 72 * 8 bits. Every
      // word is stored each time (plain stores: no fill/set calls), as W is shared by all seeds.
      W[0] = Math.floor(id / 0x1_0000_0000);
      W[1] = id | 0;
      W[2] = 0x80000000;
      for (let i = 3; i < 15; i++) W[i] = 0;
      W[15] = 72 * 8;
      // The inner digest goes straight into W[0..7] (compress writes `out` after its rounds):
      // the outer hash is the key block, then the 32-byte inner digest: (64 + 32) * 8 bits.
      compress(inner, W);
      W[8] = 0x80000000;
      W[15] = 96 * 8;
      compress(outer, into);
    };
  }

  /**
   * The draw's rank of each id: the MAC's first 53 bits as a double (exact), into `rank` from
   * `at`. What the spot-check draw selects on; the full keys decide among the few at the cut.
   */
  function rankerOf(seedHex: string): (ids: ArrayLike<number>, rank: Float64Array, at: number) => void {
    const mac = hmacOfSeed(seedHex);
    const out = new Int32Array(8);
    return (ids, rank, at) => {
      for (let i = 0; i < ids.length; i++) {
        mac(ids[i]!, out);
        rank[at + i] = (out[0]! >>> 0) * 2 ** 21 + ((out[1]! >>> 0) >>> 11);
      }
    };
  }

  /** The seed's inner and outer pad states (what the SIMD kernel starts from). */
  function padStates(seedHex: string): { inner: Int32Array; outer: Int32Array } {
    const key = hexBytes(seedHex);
    return { inner: padState(key, 0x36), outer: padState(key, 0x5c) };
  }

  return { hmacOfSeed, rankerOf, padStates, K };
}

export const { hmacOfSeed, rankerOf, padStates, K } = hmacKernel();

export const hexOf = (words: Int32Array) =>
  Array.from(words, (w) => (w >>> 0).toString(16).padStart(8, '0')).join('');

/** HMAC-SHA256(seed, id) as hex: the draw key of one assessment. */
export function drawKey(seedHex: string, id: number): string {
  const out = new Int32Array(8);
  hmacOfSeed(seedHex)(id, out);
  return hexOf(out);
}

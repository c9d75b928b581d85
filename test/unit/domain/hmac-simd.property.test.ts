import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { padStates, rankerOf } from '../../../src/domain/hmac-sha256';
import { hmacModule, simdRanker } from '../../../src/domain/hmac-sha256-simd';
import { emitHmacModule } from '../../../src/domain/hmac-wasm';

/** The rank as node:crypto gives it: the MAC's first 53 bits, from the 8-byte big-endian id. */
function nodeRank(seed: string, id: number): number {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(id));
  const mac = createHmac('sha256', Buffer.from(seed, 'hex')).update(msg).digest();
  return mac.readUInt32BE(0) * 2 ** 21 + (mac.readUInt32BE(4) >>> 11);
}

const seedArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
const idArb = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 31 }),
  fc.constantFrom(0, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1),
  fc.maxSafeNat(),
);

function simdRanks(seed: string, ids: number[]): Float64Array {
  const { inner, outer } = padStates(seed);
  const out = new Float64Array(ids.length + 2);
  simdRanker(hmacModule(), inner, outer)(ids, out, 2);
  return out.subarray(2);
}

describe('the SIMD HMAC kernel', () => {
  it('is a valid WebAssembly module', () => {
    const wasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
    expect(wasm.validate(emitHmacModule())).toBe(true);
  });

  it('ranks every id as node:crypto and the JavaScript kernel do, for any seed and any count', () => {
    fc.assert(
      fc.property(seedArb, fc.array(idArb, { minLength: 0, maxLength: 23 }), (seed, ids) => {
        const js = new Float64Array(ids.length);
        rankerOf(seed)(ids, js, 0);
        const simd = simdRanks(seed, ids);
        expect([...simd]).toEqual([...js]);
        expect([...simd]).toEqual(ids.map((id) => nodeRank(seed, id)));
      }),
      { numRuns: 200 },
    );
  });

  it('ranks past one call of the module (16,384 ids) the same, into the offset asked', () => {
    const seed = 'c3'.repeat(32);
    const ids = Array.from({ length: 40_003 }, (_, i) => (i * 104_729 + 7) % 2 ** 40);
    const js = new Float64Array(ids.length);
    rankerOf(seed)(ids, js, 0);
    expect(simdRanks(seed, ids)).toEqual(js);
  });

  it('refuses an id that is not a non-negative safe integer, as the JavaScript kernel does', () => {
    const { inner, outer } = padStates('00'.repeat(32));
    const rank = simdRanker(hmacModule(), inner, outer);
    for (const bad of [-1, 1.5, 2 ** 53, Number.NaN])
      expect(() => rank([1, bad], new Float64Array(2), 0)).toThrow(RangeError);
  });
});

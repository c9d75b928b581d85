/**
 * The draw's ranks four ids at a time, by the SIMD module of hmac-wasm.ts: the same ranks as the
 * JavaScript kernel's `rankerOf` (a test compares them), three times as fast (600,000 ids: 103-155
 * ms against 355-589 on this machine). The spot-check draw ranks its population with it.
 */
import { emitHmacModule } from './hmac-wasm';

/** A compiled WebAssembly module (the tsconfig has no DOM library, so its types are spelled here). */
export type WasmModule = { readonly __wasm: unique symbol };
type Wasm = {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (mod: WasmModule, imports: object) => { exports: Record<string, unknown> };
};

let compiled: WasmModule | undefined;

/** The module, compiled once per thread that asks (a worker gets it in its workerData). */
export function hmacModule(): WasmModule {
  compiled ??= new (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly.Module(emitHmacModule());
  return compiled;
}

/**
 * A ranker over the module `mod` for the seed whose pad states are `inner` and `outer` (the
 * JavaScript kernel's `padStates`): the same function as `rankerOf(seed)`. No free variables, so
 * that its source (`SIMD_RANKER_SOURCE`) runs as is in a worker thread.
 */
export function simdRanker(
  mod: WasmModule,
  inner: Int32Array,
  outer: Int32Array,
): (ids: ArrayLike<number>, rank: Float64Array, at: number) => void {
  // hmac-wasm.ts's DATA and GROUPS (spelled here: this source runs alone in the worker; the
  // ranking test over 40,003 ids fails if they differ).
  const data = 256;
  const groups = 4096;
  const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;
  const instance = new wasm.Instance(mod, {});
  const run = instance.exports.run as (n: number) => void;
  const mem = new Int32Array((instance.exports.mem as { buffer: ArrayBuffer }).buffer);
  for (let j = 0; j < 8; j++)
    for (let lane = 0; lane < 4; lane++) {
      mem[4 * j + lane] = inner[j]!;
      mem[32 + 4 * j + lane] = outer[j]!;
    }
  return (ids, rank, at) => {
    for (let from = 0; from < ids.length; from += groups * 4) {
      const n = Math.min(groups * 4, ids.length - from);
      for (let i = 0; i < n; i++) {
        const id = ids[from + i]!;
        if (!Number.isSafeInteger(id) || id < 0)
          throw new RangeError(`score id must be a safe integer, got ${id}`);
        const slot = data / 4 + (i >> 2) * 8 + (i & 3);
        mem[slot] = Math.floor(id / 0x1_0000_0000);
        mem[slot + 4] = id | 0;
      }
      run((n + 3) >> 2); // the last group's unused lanes hash whatever they hold, unread
      for (let i = 0; i < n; i++) {
        const slot = data / 4 + (i >> 2) * 8 + (i & 3);
        rank[at + from + i] = (mem[slot]! >>> 0) * 2 ** 21 + ((mem[slot + 4]! >>> 0) >>> 11);
      }
    }
  };
}

export const SIMD_RANKER_SOURCE = simdRanker.toString();

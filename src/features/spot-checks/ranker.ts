/**
 * Ranks a draw's population while it is being read: ids are taken one by one as their
 * rows arrive; once the population passes one chunk, full chunks go to a worker thread running the
 * same HMAC kernel (the SIMD one, `SIMD_RANKER_SOURCE`, four ids a pass), so the hashing runs on the
 * second core alongside the read instead of after it. Small populations, and any chunk the worker
 * could not rank, are ranked on this thread by the same kernel. Its ranks are the JavaScript
 * kernel's (`rankerOf`, a test compares them), so the sample is the same either way (`drawRanked`).
 */
import { Worker } from 'node:worker_threads';
import { padStates } from '../../domain/hmac-sha256';
import { hmacModule, SIMD_RANKER_SOURCE, simdRanker } from '../../domain/hmac-sha256-simd';

/** Ids per message to the worker; below one chunk no worker is started. */
export const RANK_CHUNK = 16_384;

// CommonJS or ES module eval alike (process.getBuiltinModule); `__name` is the helper tsx's
// transform (esbuild keepNames) puts into function sources: a no-op here.
const WORKER_SOURCE = `
var __name = (f) => f;
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const rank = (${SIMD_RANKER_SOURCE})(workerData.mod, workerData.inner, workerData.outer);
parentPort.on('message', (ids) => {
  const out = new Float64Array(ids.length);
  rank(ids, out, 0);
  parentPort.postMessage(out, [out.buffer]);
});`;

/**
 * Runs `read`, which hands over the population's ids one by one, and returns every id in the order
 * given with its rank (`rankerOf(seed)`), ranked as they came, and how many of them the worker
 * ranked. Full chunks queue for the worker, which holds at most four at a time; once the read is
 * over this thread takes chunks from the back of the queue while the worker takes them from the
 * front, so neither waits for the other. The worker is stopped on every path.
 */
export async function rankWhileReading(
  seedHex: string,
  read: (onId: (id: number) => void) => Promise<void>,
  chunk = RANK_CHUNK,
): Promise<{ ids: number[]; rank: Float64Array; byWorker: number }> {
  const pads = padStates(seedHex); // also checks the seed before any worker starts
  const mod = hmacModule();
  const rankHere = simdRanker(mod, pads.inner, pads.outer);
  const ids: number[] = [];
  let rank = new Float64Array(0);
  /** Start offsets (in `ids`) of full chunks not yet given to anyone, oldest first. */
  const queued: number[] = [];
  /** Offsets of the chunks the worker holds, in the order it answers them. */
  const held: number[] = [];
  let byWorker = 0;
  let worker: Worker | undefined;
  let failed = false;
  let settle: (() => void) | undefined;
  const wake = () => {
    settle?.();
    settle = undefined;
  };
  /** Ranks as they come back: into `replies` while the read is on (the array is not sized yet). */
  const replies = new Map<number, Float64Array>();
  const feed = () => {
    while (worker && !failed && held.length < 4 && queued.length > 0) {
      const at = queued.shift()!;
      held.push(at);
      worker.postMessage(Float64Array.from(ids.slice(at, at + chunk)));
    }
  };
  const start = () => {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { mod, ...pads } });
    w.on('message', (r: Float64Array) => {
      const at = held.shift()!;
      if (rank.length > 0) rank.set(r, at);
      else replies.set(at, r);
      byWorker += r.length;
      feed();
      wake();
    });
    const fail = () => {
      failed = true;
      // What the worker held goes back to the queue, to be ranked here.
      queued.unshift(...held.splice(0));
      wake();
    };
    w.on('error', fail);
    w.on('exit', fail);
    return w;
  };
  try {
    await read((id) => {
      ids.push(id);
      if (ids.length % chunk !== 0) return;
      queued.push(ids.length - chunk);
      worker ??= start();
      feed();
    });
    rank = new Float64Array(ids.length);
    for (const [at, r] of replies) rank.set(r, at);
    replies.clear();
    const tail = ids.length - (ids.length % chunk);
    rankHere(ids.slice(tail), rank, tail);
    // Share the rest: this thread from the back of the queue, the worker from the front.
    while (queued.length > 0 || held.length > 0) {
      const at = queued.pop();
      if (at !== undefined) rankHere(ids.slice(at, at + chunk), rank, at);
      else await new Promise<void>((resolve) => (settle = resolve));
      // A turn of the event loop: the worker's answers are taken and it is fed again.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return { ids, rank, byWorker };
  } finally {
    await worker?.terminate();
  }
}

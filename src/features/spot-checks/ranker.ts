/**
 * Ranks a draw's population while it is being read (issue 26): ids are taken one by one as their
 * rows arrive; once the population passes one chunk, full chunks go to a worker thread running the
 * same HMAC kernel (`HMAC_KERNEL_SOURCE`), so the hashing runs on the second core alongside the
 * read instead of after it. Small populations, and any chunk the worker could not rank, are ranked
 * on this thread: the ranks, and so the sample, are the same either way (`drawRanked`).
 */
import { Worker } from 'node:worker_threads';
import { HMAC_KERNEL_SOURCE, rankerOf } from '../../domain/hmac-sha256';

/** Ids per message to the worker; below one chunk no worker is started. */
export const RANK_CHUNK = 16_384;

// CommonJS or ES module eval alike (process.getBuiltinModule); `__name` is the helper tsx's
// transform (esbuild keepNames) puts into function sources: a no-op here.
const WORKER_SOURCE = `
var __name = (f) => f;
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const rank = (${HMAC_KERNEL_SOURCE})().rankerOf(workerData.seed);
parentPort.on('message', (ids) => {
  const out = new Float64Array(ids.length);
  rank(ids, out, 0);
  parentPort.postMessage(out, [out.buffer]);
});`;

/**
 * Runs `read`, which hands over the population's ids one by one, and returns every id in the order
 * given with its rank (`rankerOf(seed)`), ranked as they came, and how many of them the worker
 * ranked. The worker is stopped on every path.
 */
export async function rankWhileReading(
  seedHex: string,
  read: (onId: (id: number) => void) => Promise<void>,
  chunk = RANK_CHUNK,
): Promise<{ ids: number[]; rank: Float64Array; byWorker: number }> {
  const rankHere = rankerOf(seedHex); // also checks the seed before any worker starts
  const ids: number[] = [];
  const sent: { at: number; ranks: Promise<Float64Array | undefined> }[] = [];
  const replies: ((r: Float64Array | undefined) => void)[] = [];
  let worker: Worker | undefined;
  let failed = false;
  let buf = new Float64Array(chunk);
  let fill = 0;
  const start = () => {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { seed: seedHex } });
    w.on('message', (r: Float64Array) => replies.shift()?.(r));
    const fail = () => {
      failed = true;
      for (const reply of replies.splice(0)) reply(undefined);
    };
    w.on('error', fail);
    w.on('exit', fail);
    return w;
  };
  try {
    await read((id) => {
      ids.push(id);
      buf[fill++] = id;
      if (fill < chunk) return;
      worker ??= start();
      const ranks = failed
        ? Promise.resolve(undefined)
        : new Promise<Float64Array | undefined>((resolve) => replies.push(resolve));
      if (!failed) worker.postMessage(buf, [buf.buffer]);
      sent.push({ at: ids.length - chunk, ranks });
      buf = new Float64Array(chunk);
      fill = 0;
    });
    const rank = new Float64Array(ids.length);
    let byWorker = 0;
    rankHere(buf.subarray(0, fill), rank, ids.length - fill);
    for (const { at, ranks } of sent) {
      const r = await ranks;
      // A chunk the worker did not rank (it failed) is ranked here, from the ids kept in order.
      if (r?.length === chunk) {
        rank.set(r, at);
        byWorker += chunk;
      } else rankHere(ids.slice(at, at + chunk), rank, at);
    }
    return { ids, rank, byWorker };
  } finally {
    await worker?.terminate();
  }
}

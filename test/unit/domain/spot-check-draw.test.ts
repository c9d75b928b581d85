/**
 * The spot-check draw (rule 12): HMAC-SHA256 as node computes it, a sample that depends only on the
 * seed and the population, and every assessment drawn at the expected rate over many seeds.
 */
import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  drawKey,
  drawSample,
  gapExceeds,
  idRanges,
  idsOfRanges,
  sampleCount,
} from '../../../src/domain/spot-check-draw';
import { parseSpotCheckForm } from '../../../src/domain/spot-check-form';

const seedArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
const idsArb = fc.uniqueArray(fc.integer({ min: 1, max: 2 ** 40 }), { minLength: 0, maxLength: 300 });

/** The reference: node's HMAC over the id as 8 bytes big-endian, every id ranked by its full key. */
function reference(seed: string, ids: number[], k: number) {
  const key = (id: number) => {
    const msg = Buffer.alloc(8);
    msg.writeBigUInt64BE(BigInt(id));
    return createHmac('sha256', Buffer.from(seed, 'hex')).update(msg).digest('hex');
  };
  return ids
    .map((id) => ({ id, key: key(id) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, k);
}

describe('drawSample', () => {
  it('is the k smallest HMAC-SHA256(seed, id), as node computes it', () => {
    fc.assert(
      fc.property(seedArb, idsArb, fc.nat(320), (seed, ids, k) => {
        expect(drawSample(seed, ids, k)).toEqual(reference(seed, ids, k));
      }),
      { numRuns: 60 },
    );
    const seed = 'ab'.repeat(32);
    expect(drawKey(seed, 2 ** 53 - 1)).toBe(reference(seed, [2 ** 53 - 1], 1)[0]!.key);
  });

  it('depends only on the seed and the population: a permuted population gives the same sample', () => {
    fc.assert(
      fc.property(seedArb, idsArb, fc.nat(50), fc.integer(), (seed, ids, k, salt) => {
        const shuffled = [...ids].sort((a, b) => ((a ^ salt) % 97) - ((b ^ salt) % 97) || b - a);
        const dup = [...shuffled, ...shuffled.slice(0, 5)];
        expect(drawSample(seed, shuffled, k)).toEqual(drawSample(seed, ids, k));
        expect(drawSample(seed, dup, k)).toEqual(drawSample(seed, ids, k));
      }),
      { numRuns: 200 },
    );
  });

  it('different populations differ only as expected: a new id displaces at most one, a removed one frees a slot', () => {
    fc.assert(
      fc.property(
        seedArb,
        idsArb,
        fc.integer({ min: 2 ** 41, max: 2 ** 42 }),
        fc.nat(40),
        (seed, ids, extra, k) => {
          const before = drawSample(seed, ids, k).map((s) => s.id);
          const after = drawSample(seed, [...ids, extra], k).map((s) => s.id);
          // Adding one assessment: the sample is the old one, or the old one with its last member
          // replaced by the new assessment (or grown by it when the population was smaller than k).
          const kept = after.filter((id) => id !== extra);
          expect(kept.every((id) => before.includes(id))).toBe(true);
          expect(before.length - kept.length).toBeLessThanOrEqual(1);
          if (!after.includes(extra)) expect(after).toEqual(before);
          // Removing a non-sampled assessment changes nothing.
          const out = ids.find((id) => !before.includes(id));
          if (out !== undefined)
            expect(
              drawSample(
                seed,
                ids.filter((id) => id !== out),
                k,
              ).map((s) => s.id),
            ).toEqual(before);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a different seed gives a different sample', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(drawSample('00'.repeat(32), ids, 20)).not.toEqual(drawSample(`${'00'.repeat(31)}01`, ids, 20));
  });

  it('over many seeds every assessment is drawn at the expected rate k / n', () => {
    const n = 40;
    const k = 8;
    const seeds = 3000;
    const ids = Array.from({ length: n }, (_, i) => 1000 + i * 7);
    const hits = new Map(ids.map((id) => [id, 0]));
    for (let s = 0; s < seeds; s++) {
      // Fixed seeds (SHA-256 of the counter): the test is deterministic.
      const seed = createHash('sha256').update(`seed-${s}`).digest('hex');
      for (const d of drawSample(seed, ids, k)) hits.set(d.id, hits.get(d.id)! + 1);
    }
    // Expected 600 each (rate 0.2); the binomial sd is about 21.9: the tolerance is 5 sd, fixed.
    for (const [, h] of hits) expect(Math.abs(h / seeds - k / n)).toBeLessThan(0.037);
  });
});

describe('sampleCount and the tolerance', () => {
  it('takes a size (at most the population) or a rate rounded up', () => {
    expect(sampleCount(100, { size: 10, bp: null })).toBe(10);
    expect(sampleCount(5, { size: 10, bp: null })).toBe(5);
    expect(sampleCount(101, { size: null, bp: 1000 })).toBe(11); // ceil(10.1)
    expect(sampleCount(100, { size: null, bp: 1000 })).toBe(10);
    expect(sampleCount(0, { size: null, bp: 1000 })).toBe(0);
  });

  it('flags a gap larger than the tolerance, never one equal to it', () => {
    expect(gapExceeds(50, 50)).toBe(false);
    expect(gapExceeds(51, 50)).toBe(true);
    expect(gapExceeds(49, 50)).toBe(false);
  });
});

describe('idRanges', () => {
  it('round-trips any set of ids', () => {
    fc.assert(
      fc.property(idsArb, (ids) => {
        expect(idsOfRanges(idRanges(ids))).toEqual([...ids].sort((a, b) => a - b));
      }),
    );
    expect(idRanges([5, 3, 4, 9])).toEqual([
      [3, 5],
      [9, 9],
    ]);
  });
});

describe('parseSpotCheckForm', () => {
  it('reports every problem at once', () => {
    const r = parseSpotCheckForm({ from_month: '2026-13', to_month: '', size: '5', rate: '10' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toHaveLength(3);
  });
  it('reads a rate in per cent with two decimals', () => {
    const r = parseSpotCheckForm({
      from_month: '2026-01',
      to_month: '2026-12',
      rate: '2.5',
      categories: ['cleaning'],
    });
    expect(r).toMatchObject({
      ok: true,
      value: { sampleBp: 250, sampleSize: null, categories: ['cleaning'], unitIds: [] },
    });
  });
});

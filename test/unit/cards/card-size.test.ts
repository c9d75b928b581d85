import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBudgetCard } from '../../../src/cards/budget';
import { fitToLimits } from '../../../src/cards/fit';
import { groupBindingCard, MAX_BIND_OPTIONS } from '../../../src/cards/group-binding';
import { checkCard } from '../../../src/sandbox/card-check';
import { fixtures, inflate } from './hostile-views';

/**
 * Issue 11: every card is under Feishu's 30 KB by design. Each builder's hostile fixture is rebuilt
 * with every typed string 1,000 characters long (the input limit) and every list 200 entries long
 * (nested ones 10): long lists must be capped or paged, long text clipped where it repeats.
 */
const LIMIT = 30 * 1024;

beforeAll(() => {
  inflate.on = true;
});
afterAll(() => {
  inflate.on = false;
});

describe('cards stay under 30 KB whatever the data', () => {
  const names = Object.keys(fixtures);
  it.each(names)('%s', (name) => {
    for (const card of fixtures[name]!.cards()) {
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(LIMIT);
      expect(checkCard(card)).toEqual([]);
    }
  });
});

describe('long lists are capped by the card itself, before any clipping', () => {
  it('预算额度: 200 lines with names at the field limit show the first 40 and say so', () => {
    const line = (id: number) => ({
      id,
      unitId: 1,
      fiscalYear: 2026,
      category: 'cleaning' as const,
      name: '长'.repeat(100),
      amountFen: 100_000_000n,
      committedFen: 1n,
      remainingFen: 99_999_999n,
    });
    const card = buildBudgetCard({
      year: 2026,
      units: [{ id: 1, name: '资产经营公司', lines: Array.from({ length: 200 }, (_, i) => line(i + 1)) }],
      canAdd: [{ id: 1, name: '资产经营公司' }],
    });
    const json = JSON.stringify(card);
    expect(Buffer.byteLength(json)).toBeLessThan(LIMIT);
    expect(json).toContain('仅显示前 40 条,共 200 条');
    expect(json).not.toContain('…');
    expect(checkCard(card)).toEqual([]);
  });

  it('本群绑定: 200 contracts, or 100 units, stay within 200 elements counting option texts', () => {
    const opts = (n: number, label: (i: number) => string) =>
      Array.from({ length: n }, (_, i) => ({ value: String(n - i), text: label(n - i) }));
    const units = opts(100, (i) => `单位${i}`);
    const contracts = opts(200, (i) => `合同 HT-2026-${String(i).padStart(4, '0')} · 资产经营公司 · 保洁`);
    const count = (v: unknown): number =>
      Array.isArray(v)
        ? v.reduce((n: number, x) => n + count(x), 0)
        : v && typeof v === 'object'
          ? (typeof (v as { tag?: unknown }).tag === 'string' ? 1 : 0) +
            Object.entries(v).reduce((n, [k, x]) => n + (k === 'behaviors' ? 0 : count(x)), 0)
          : 0;
    const bound = [
      { id: 1, kind: 'project' as const, label: '合同 HT-2026-0001 · 资产经营公司 · 保洁 项目工作群' },
    ];
    for (const view of [
      { bindings: [], units, contracts },
      { bindings: [], units: units.slice(0, 1), contracts },
      { bindings: [], units, contracts: [] },
      { bindings: bound, units, contracts },
    ]) {
      const c = groupBindingCard(view);
      expect(checkCard(c)).toEqual([]);
      expect(count(c)).toBeLessThanOrEqual(200);
    }
    const both = JSON.stringify(groupBindingCard({ bindings: [], units, contracts }));
    expect(both).toContain(`仅显示最新的 ${MAX_BIND_OPTIONS} 个合同`);
    expect(both).toContain(`仅显示前 ${MAX_BIND_OPTIONS} 个单位(共 100 个)`);
    expect(both).toContain('合同 HT-2026-0200 ·'); // newest first
    expect(both).not.toContain('合同 HT-2026-0150 ·');
  });

  it('the last resort clips and drops, keeping forms and the trailing buttons', () => {
    const huge = fitToLimits({
      schema: '2.0',
      body: {
        elements: [
          ...Array.from({ length: 300 }, () => ({ tag: 'markdown', content: '长'.repeat(1000) })),
          { tag: 'markdown', content: 'end' },
        ],
      },
    });
    const json = JSON.stringify(huge);
    expect(Buffer.byteLength(json)).toBeLessThan(LIMIT);
    expect(json).toContain('内容较多,部分未显示');
    expect(huge.body.elements.at(-1)).toEqual({ tag: 'markdown', content: 'end' });
  });
});

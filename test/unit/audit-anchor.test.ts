import { describe, expect, it } from 'vitest';
import { type AnchorHead, anchorLine, nextAnchor, replayAnchors } from '../../src/audit/anchor';

const h = (type: string, id: string, seq: number, hash = `${type}${id}${seq}`): AnchorHead => [
  type,
  id,
  seq,
  hash,
];
const T1 = new Date('2026-11-29T17:30:00Z');
const T2 = new Date('2026-11-30T17:30:00Z');

describe('anchors', () => {
  const a1 = nextAnchor(undefined, [h('purchase', '1', 3), h('vendor', '2', 1)], '2026-11-30', T1);
  const a2 = nextAnchor(
    a1,
    [h('purchase', '1', 5), h('vendor', '2', 1), h('contract', '9', 2)],
    '2026-12-01',
    T2,
  );

  it('carry only the heads that moved, and totals of the whole set', () => {
    expect(a1.anchor).toMatchObject({ n: 1, chains: 2, rows: 4, regressed: [] });
    expect(a2.anchor.changed).toEqual([h('contract', '9', 2), h('purchase', '1', 5)]);
    expect(a2.anchor).toMatchObject({ n: 2, chains: 3, rows: 8, prev: a1.anchor.digest });
  });

  it('replay to the same set, and name an edited, dropped or reordered line', () => {
    const lines = [anchorLine(a1.anchor), anchorLine(a2.anchor)];
    const ok = replayAnchors(lines);
    expect(ok.problems).toEqual([]);
    expect(ok.heads).toEqual(a2.heads);
    const edited = lines[1]!.replace('"purchase","1",5', '"purchase","1",4');
    expect(replayAnchors([lines[0]!, edited]).problems[0]).toMatch(/锚点文件第 2 行.*对不上/);
    expect(replayAnchors([lines[1]!]).problems[0]).toMatch(/锚点文件第 1 行\(#2.*未接续锚点 #0/);
    expect(replayAnchors(['{"v":1}']).problems[0]).toMatch(/锚点文件第 1 行不是锚点/);
  });

  it('keep the anchored head of a chain that went back, vanished or was rewritten, and list it', () => {
    const a3 = nextAnchor(a2, [h('purchase', '1', 4), h('contract', '9', 2, 'other')], '2026-12-02', T2);
    expect(a3.anchor.regressed).toEqual([
      h('contract', '9', 2, 'other'),
      h('purchase', '1', 4),
      ['vendor', '2', 0, ''],
    ]);
    expect(a3.anchor.changed).toEqual([]);
    expect(a3.heads).toEqual(a2.heads);
  });
});

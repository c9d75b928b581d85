import { describe, expect, it } from 'vitest';
import { buildDelegationCard, type DelegationView, NO_DELEGATE } from '../../../src/cards/delegation';
import { checkCard } from '../../../src/sandbox/card-check';

// Issue 21: a unit's only approver has no colleague to name. An empty person picker would make
// Feishu offer every member of the chat; the card says why instead, and passes the sandbox's check.

const view = (colleagues: string[]): DelegationView => ({
  today: '2027-03-01',
  maxDays: 90,
  mine: ['单位领导班子(资产经营公司)'],
  colleagues,
  outgoing: [],
  incoming: [],
  stages: [],
});

function tags(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) tags(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.tag === 'string') out.push(o.tag);
    for (const v of Object.values(o)) tags(v, out);
  }
  return out;
}

describe('委托审批 card for the only approver', () => {
  it('shows no picker and says why, and the sandbox check finds nothing', () => {
    const card = buildDelegationCard(view([]));
    const json = JSON.stringify(card);
    expect(tags(card)).not.toContain('select_person');
    expect(tags(card)).not.toContain('form');
    expect(json).toContain(NO_DELEGATE);
    expect(NO_DELEGATE).toBe('本单位没有其他可受托的审批人,无法委托。');
    expect(checkCard(card)).toEqual([]);
  });
  it('with colleagues, offers exactly them in the form', () => {
    const card = buildDelegationCard(view(['ou_a', 'ou_b']));
    expect(JSON.stringify(card)).not.toContain(NO_DELEGATE);
    expect(JSON.stringify(card)).toContain('"options":[{"value":"ou_a"},{"value":"ou_b"}]');
    expect(checkCard(card)).toEqual([]);
  });
  it('the sandbox check refuses the picker the card used to send', () => {
    const card = buildDelegationCard(view(['ou_a']));
    const empty = JSON.parse(JSON.stringify(card).replace('[{"value":"ou_a"}]', '[]'));
    expect(checkCard(empty).join('\n')).toContain('without candidates offers every member of the chat');
  });
});

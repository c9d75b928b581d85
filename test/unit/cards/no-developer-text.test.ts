import { describe, expect, it } from 'vitest';
import { buildSpotCheckCreatedCard } from '../../../src/cards/spot-check';
import { cardStates } from './card-states';

/**
 * Issue 22, point 5: officers are never told to run a command. No state of any card builder
 * (card-states.ts covers every exported builder) has `npm ` or `npm run` anywhere in its JSON: the
 * spot check and the audit trail are verified by buttons (验证抽样, 审计核验), not by an admin's shell.
 */
const DEVELOPER_TEXT = /npm run|npm /;

const cases = Object.entries(cardStates).flatMap(([builder, byState]) =>
  Object.entries(byState).map(([state, build]) => [builder, state, build] as const),
);

describe('no card tells its reader to run npm', () => {
  it.each(cases)('%s: %s', (_builder, _state, build) => {
    expect(JSON.stringify(build())).not.toMatch(DEVELOPER_TEXT);
  });

  it('the check would see the text the spot-check card used to carry', () => {
    const card = buildSpotCheckCreatedCard({
      id: 1,
      scope: {
        units: null,
        categories: null,
        fromMonth: '2026-01',
        toMonth: '2026-12',
        sampleSize: 1,
        sampleBp: null,
      },
      seedHash: 'ab'.repeat(32),
    });
    const json = JSON.stringify(card);
    expect(json).toContain('验证抽样');
    expect(json.replace('验证抽样', 'npm run spotcheck:verify')).toMatch(DEVELOPER_TEXT);
  });
});

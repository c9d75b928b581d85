import { describe, expect, it } from 'vitest';
import { renderCardText } from '../../../src/sandbox/card-text';
import { cardStates } from './card-states';

/**
 * Issue 22, point 4: where a checker's score stands for a month (rule 12), every card that shows
 * that month's score shows both and says which counts. Before, the contract card said 73.0 (the
 * checker's, what the rules count) and the assessor's list said 84.1 for the same month, unexplained.
 */
const textOf = (builder: string, state: string) => {
  const build = cardStates[builder]?.[state];
  expect(build, `${builder}: ${state} exists`).toBeDefined();
  return renderCardText(build!() as object).text;
};

describe('a month whose spot check score stands shows both scores', () => {
  it("the assessor's list: the assessor's score, the checker's, and that the checker's counts", () => {
    const shown = textOf(
      'buildScoreListCard',
      'a month whose spot check score stands: both scores, which counts',
    );
    expect(shown).toContain('2027-02 · 84.1分（以抽查 73.0分为准） · 更正');
    expect(shown).toContain('2027-02 考核人评分 84.1 分,抽查评分 73.0 分');
    expect(shown).toContain('该月按抽查评分计');
    // The other months are the assessor's alone.
    expect(shown).toContain('2027-01 · 88.0分 · 更正');
    expect(shown).not.toMatch(/2027-01 · 88\.0分（以抽查/);
  });

  it('the contract card: the months counted at the checker score, each with the assessor score beside it', () => {
    const shown = textOf(
      'buildContractCard',
      'opened later: months whose spot check score stands, both scores named',
    );
    expect(shown).toMatch(
      /按抽查评分计的月份（与考核人评分差距超出容差）:\d{4}-\d{2} 抽查 73\.0分（考核人 84\.1分）/,
    );
    const plain = textOf(
      'buildContractCard',
      'opened later: export button, 40-month chart with months below the line',
    );
    expect(plain).not.toContain('按抽查评分计');
  });
});

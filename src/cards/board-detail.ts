import type { BoardLine } from './board';
import { SECTION_OF, SECTION_TITLES } from './board';
import { button, buttons, capped, card, md, text } from './kit';

/** The rows behind one line of the board. */
export function buildBoardDetailCard(line: BoardLine) {
  const { shown, note } = capped(line.rows, 50);
  return card({
    title: line.detailTitle,
    subtitle: SECTION_TITLES[SECTION_OF[line.key]],
    template: 'red',
    summary: line.detailTitle,
    elements: [
      md(text(line.text)),
      md(shown.length ? shown.map((r) => `- ${text(r)}`).join('\n') : '无明细'),
      ...note,
      buttons([button({ text: '返回看板', value: { a: 'board.show' } })]),
    ],
  });
}

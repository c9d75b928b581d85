import { escapeXml, HEADER_STYLE, inlineString } from './cells';
import { columnLetter } from './parts';
import type { CellType, ColumnSpec, SheetSpec } from './types';

/** The XML around a worksheet's rows: view, widths, filter, print setup. */

const BAD_NAME = /[[\]:*?/\\]/;

/** Throws unless Excel accepts the name and no earlier sheet has it (names compare case-blind). */
export function checkSheetName(name: string, taken: readonly string[]): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > 31)
    throw new RangeError(`xlsx: sheet name must be 1 to 31 characters: "${name}"`);
  if (BAD_NAME.test(name)) throw new RangeError(`xlsx: sheet name may not contain []:*?/\\ : "${name}"`);
  if (name.startsWith("'") || name.endsWith("'"))
    throw new RangeError(`xlsx: sheet name may not start or end with ': "${name}"`);
  if (name.toLowerCase() === 'history') throw new RangeError('xlsx: "History" is reserved by Excel');
  const lower = name.toLowerCase();
  if (taken.some((t) => t.toLowerCase() === lower))
    throw new RangeError(`xlsx: duplicate sheet name "${name}"`);
}

/** Display width of text in Excel's character units: CJK and full-width characters count 2. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      c >= 0x20000;
    w += wide ? 2 : 1;
  }
  return w;
}

/** The narrowest width that shows a typical value of each type without ####. */
const MIN_WIDTH: Record<CellType, number> = {
  text: 8,
  int: 8,
  score: 8,
  yuan: 14,
  date: 11,
  datetime: 17,
  percent: 8,
};

export function columnWidth(c: ColumnSpec): number {
  if (c.width !== undefined) {
    if (!(c.width > 0 && c.width <= 255))
      throw new RangeError(`xlsx: bad width ${c.width} for "${c.header}"`);
    return c.width;
  }
  // The bold header plus the filter button needs about 3 more characters.
  return Math.min(60, Math.max(MIN_WIDTH[c.type], textWidth(c.header) + 3));
}

/** Page-header text: `&` doubled (a code there), shortened to fit Excel's 255-character limit. */
function headerText(title: string): string {
  return escapeXml(title.replace(/&/g, '&&').slice(0, 200));
}

export function sheetHead(spec: SheetSpec, first: boolean): string {
  let cols = '';
  let header = '';
  spec.columns.forEach((c, i) => {
    cols += `<col min="${i + 1}" max="${i + 1}" width="${columnWidth(c)}" customWidth="1"/>`;
    header += inlineString(HEADER_STYLE, c.header);
  });
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>\
<sheetViews><sheetView${first ? ' tabSelected="1"' : ''} workbookViewId="0">\
<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>\
<sheetFormatPr defaultRowHeight="15"/>${cols ? `<cols>${cols}</cols>` : ''}\
<sheetData><row r="1">${header}</row>`;
}

export function sheetTail(spec: SheetSpec, rows: number): string {
  const n = spec.columns.length;
  const landscape = spec.landscape ?? n > 6;
  const title = spec.title ? `<oddHeader>&amp;C&amp;"-,Bold"${headerText(spec.title)}</oddHeader>` : '';
  const filter = n > 0 ? `<autoFilter ref="A1:${columnLetter(n - 1)}${rows + 1}"/>` : '';
  // Data cells have no borders, so printed grid lines keep a long ledger readable on paper.
  return `</sheetData>${filter}<printOptions gridLines="1"/>\
<pageMargins left="0.4" right="0.4" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>\
<pageSetup paperSize="9" orientation="${landscape ? 'landscape' : 'portrait'}" fitToWidth="1" fitToHeight="0"/>\
<headerFooter>${title}<oddFooter>&amp;C第 &amp;P 页 / 共 &amp;N 页</oddFooter></headerFooter></worksheet>`;
}

import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createXlsxWriter, readXlsx } from '../../../src/xlsx/index';
import { unzip } from './unzip';
import { writeBook } from './write';

const ledger = {
  name: '评分台账',
  title: '2026 年 11 月评分 & 扣款',
  columns: [
    { header: '服务商', type: 'text' as const },
    { header: '次数', type: 'int' as const },
    { header: '得分', type: 'score' as const },
    { header: '金额(元)', type: 'yuan' as const },
    { header: '日期', type: 'date' as const },
    { header: '评分时间', type: 'datetime' as const },
    { header: '比例', type: 'percent' as const },
  ],
};

describe('readXlsx reads back what createXlsxWriter wrote', () => {
  it('keeps headers, row count, cell types and values, frozen header, sheet names', async () => {
    const file = await writeBook([
      {
        spec: ledger,
        rows: [
          ['环卫所', 3, '84.5', 12345n, '2026-11-30', new Date('2026-11-30T01:30:00Z'), 12.5],
          ['资产经营公司', -2, 90, -5, '2024-02-29', new Date('2026-01-01T15:59:00Z'), 0],
          [null, undefined, null, null, null, null, null],
          ['园林', '7', 60.25, '100000000000001', '1900-03-01', new Date(0), '3.5'],
        ],
      },
      { spec: { name: '空表', columns: [{ header: '说明', type: 'text' }] }, rows: [] },
      { spec: { name: 'Sheet3', columns: [{ header: 'n', type: 'int' }] }, rows: [[1], [2]] },
    ]);
    const sheets = await readXlsx(file);
    expect(sheets.map((s) => [s.name, s.frozenRows, s.rows.length])).toEqual([
      ['评分台账', 1, 5],
      ['空表', 1, 1],
      ['Sheet3', 1, 3],
    ]);
    const [head, a, b, empty, c] = sheets[0]!.rows;
    expect(head).toEqual(ledger.columns.map((col) => col.header));
    // Date cells are Dates whose UTC fields are the wall-clock time written (Shanghai for datetime).
    expect(a).toEqual([
      '环卫所',
      3,
      84.5,
      123.45,
      new Date('2026-11-30T00:00:00Z'),
      new Date('2026-11-30T09:30:00Z'),
      12.5,
    ]);
    expect(b).toEqual([
      '资产经营公司',
      -2,
      90,
      -0.05,
      new Date('2024-02-29T00:00:00Z'),
      new Date('2026-01-01T23:59:00Z'),
      0,
    ]);
    expect(empty).toEqual([]);
    expect(c).toEqual([
      '园林',
      7,
      60.25,
      1000000000000.01,
      new Date('1900-03-01T00:00:00Z'),
      new Date('1970-01-01T08:00:00Z'),
      3.5,
    ]);
    expect(sheets[1]!.rows).toEqual([['说明']]);
    expect(sheets[2]!.rows).toEqual([['n'], [1], [2]]);
  });

  it('keeps markup characters, emoji, Chinese, edge spaces and literal _xHHHH_; drops control characters', async () => {
    const texts = [
      `<a href="x">&amp;'</a>`,
      '😀 中文，全角（括号）',
      '  两端空格 ',
      '_x0041_ stays',
      'a\u0000b\u0007c\u001Fd\ttab',
    ];
    const file = await writeBook([
      {
        spec: { name: "it's <&>", columns: [{ header: '文本 <&>"\'', type: 'text' }] },
        rows: texts.map((t) => [t]),
      },
    ]);
    const [sheet] = await readXlsx(file);
    expect(sheet!.name).toBe("it's <&>");
    expect(sheet!.rows).toEqual([['文本 <&>"\''], ...texts.slice(0, 4).map((t) => [t]), ['abcd\ttab']]);
  });

  it('writes a well-formed package: streamed sheets with data descriptors, UTF-8 names, print setup', async () => {
    const file = await writeBook([
      { spec: { ...ledger, landscape: false }, rows: [['a', 1, 1, 1, '2026-01-01', new Date(), 1]] },
      {
        spec: { name: "B'1", columns: [{ header: '金额', type: 'yuan', width: 20 }] },
        rows: [[1n], [2n], [3n]],
      },
    ]);
    const parts = unzip(file);
    const part = (n: string) => parts.find((p) => p.name === n)!;
    expect(parts.map((p) => p.name).sort()).toEqual(
      [
        '[Content_Types].xml',
        '_rels/.rels',
        'docProps/app.xml',
        'docProps/core.xml',
        'xl/_rels/workbook.xml.rels',
        'xl/styles.xml',
        'xl/workbook.xml',
        'xl/worksheets/sheet1.xml',
        'xl/worksheets/sheet2.xml',
      ].sort(),
    );
    expect(part('xl/worksheets/sheet1.xml').flags).toBe(0x0808);
    const s1 = part('xl/worksheets/sheet1.xml').text;
    expect(s1).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(s1).toContain('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>');
    expect(s1).toContain('<autoFilter ref="A1:G2"/>');
    expect(s1).toContain('<pageSetup paperSize="9" orientation="portrait" fitToWidth="1" fitToHeight="0"/>');
    // `&` in the title is doubled (a header code otherwise), then XML-escaped.
    expect(s1).toContain('<oddHeader>&amp;C&amp;"-,Bold"2026 年 11 月评分 &amp;&amp; 扣款</oddHeader>');
    expect(s1).toContain('<oddFooter>&amp;C第 &amp;P 页 / 共 &amp;N 页</oddFooter>');
    // Chinese headers count double: 金额(元) is 2*2+3 = 7 wide, plus 3 for the filter button, but a
    // yuan column is at least 14; 评分时间 is 8+3 = 11, but a date-time needs 17.
    expect(s1).toContain('<col min="4" max="4" width="14" customWidth="1"/>');
    expect(s1).toContain('<col min="1" max="1" width="9" customWidth="1"/>');
    const s2 = part('xl/worksheets/sheet2.xml').text;
    expect(s2).toContain('<col min="1" max="1" width="20" customWidth="1"/>');
    expect(s2).toContain('<autoFilter ref="A1:A4"/>');
    expect(s2).toContain('orientation="portrait"');
    const wb = part('xl/workbook.xml').text;
    expect(wb).toContain(
      `<definedName name="_xlnm.Print_Titles" localSheetId="0">'评分台账'!$1:$1</definedName>`,
    );
    expect(wb).toContain(
      `<definedName name="_xlnm.Print_Titles" localSheetId="1">'B''1'!$1:$1</definedName>`,
    );
    expect(part('[Content_Types].xml').text).toContain('/xl/worksheets/sheet2.xml');
    const styles = part('xl/styles.xml').text;
    expect(styles).toContain('formatCode="0.0&quot;%&quot;"');
    expect(styles).toContain('<cellXfs count="9">');
    expect((styles.match(/<xf numFmtId/g) ?? []).length).toBe(10); // 1 cellStyleXf + 9 cellXfs
  });
});

describe('readXlsx by path', () => {
  it('reads a file the writer streamed to disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xlsx-'));
    try {
      const path = join(dir, '导出.xlsx');
      const w = createXlsxWriter(createWriteStream(path));
      w.sheet({ name: 'a', columns: [{ header: '金额', type: 'yuan' }] });
      await w.row([99n]);
      const { bytes, rows } = await w.finish();
      expect({ bytes, rows }).toEqual({ bytes: statSync(path).size, rows: 1 });
      expect((await readXlsx(path))[0]!.rows).toEqual([['金额'], [0.99]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('readXlsx reads files from other writers', () => {
  it('reports frozen rows as the file says, and gives formulas, rich text and links as plain values', async () => {
    const { Workbook } = await import('@cj-tech-master/excelts');
    const wb = new Workbook();
    const a = wb.addWorksheet('冻结两行', { views: [{ state: 'frozen', ySplit: 2 }] });
    a.addRow(['标题']);
    a.addRow([{ formula: '1+1', result: 2 }, { richText: [{ text: '富' }, { text: '文本' }] }, true]);
    a.addRow([{ text: '链接', hyperlink: 'https://example.com' }, { error: '#DIV/0!' }]);
    wb.addWorksheet('不冻结').addRow([1]);
    const sheets = await readXlsx(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(sheets.map((s) => [s.name, s.frozenRows])).toEqual([
      ['冻结两行', 2],
      ['不冻结', 0],
    ]);
    expect(sheets[0]!.rows).toEqual([['标题'], [2, '富文本', true], ['链接', '#DIV/0!']]);
  });
});

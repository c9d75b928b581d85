import { escapeXml } from './cells';

/** The fixed parts of the package: content types, relationships, workbook, styles, properties. */
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument';

export type SheetEntry = { name: string; columns: number; rows: number };

export function contentTypes(sheets: number): string {
  let o = '';
  for (let i = 1; i <= sheets; i++)
    o += `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="${CT}.spreadsheetml.worksheet+xml"/>`;
  return `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" ContentType="${CT}.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/styles.xml" ContentType="${CT}.spreadsheetml.styles+xml"/>\
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
<Override PartName="/docProps/app.xml" ContentType="${CT}.extended-properties+xml"/>${o}</Types>`;
}

export const rootRels = `${XML}<Relationships xmlns="${PKG_REL}">\
<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/>\
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
<Relationship Id="rId3" Type="${REL}/extended-properties" Target="docProps/app.xml"/></Relationships>`;

export function workbookRels(sheets: number): string {
  let o = '';
  for (let i = 1; i <= sheets; i++)
    o += `<Relationship Id="rId${i}" Type="${REL}/worksheet" Target="worksheets/sheet${i}.xml"/>`;
  return `${XML}<Relationships xmlns="${PKG_REL}">${o}\
<Relationship Id="rId${sheets + 1}" Type="${REL}/styles" Target="styles.xml"/></Relationships>`;
}

/** Column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A sheet name as a formula reference: always quoted, quotes doubled. */
const ref = (name: string) => `'${name.replace(/'/g, "''")}'`;

/** The workbook, written last: the filter ranges need each sheet's final row count. */
export function workbook(sheets: SheetEntry[]): string {
  let list = '';
  let names = '';
  sheets.forEach((s, i) => {
    list += `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`;
    const last = columnLetter(Math.max(s.columns, 1) - 1);
    const r = escapeXml(ref(s.name));
    // Excel keeps a hidden name for each sheet's filter range; it opens files without one, but
    // adding it avoids a "repaired" filter in older versions.
    names += `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${r}!$A$1:$${last}$${s.rows + 1}</definedName>`;
    // Row 1 (the header) repeats on every printed page.
    names += `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${r}!$1:$1</definedName>`;
  });
  return `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><bookViews><workbookView activeTab="0"/></bookViews>\
<sheets>${list}</sheets><definedNames>${names}</definedNames><calcPr calcId="191029"/></workbook>`;
}

/**
 * Fonts, fills and borders, and the cellXfs the cells refer to by index (see STYLE in cells.ts):
 * 0 default, 1 header (bold, filled, bordered), 2 text, 3 int, 4 score 0.0, 5 yuan #,##0.00,
 * 6 date, 7 date-time, 8 percent.
 */
export const styles = `${XML}<styleSheet xmlns="${MAIN}">\
<numFmts count="4"><numFmt numFmtId="164" formatCode="0.0"/><numFmt numFmtId="165" formatCode="yyyy\\-mm\\-dd"/>\
<numFmt numFmtId="166" formatCode="yyyy\\-mm\\-dd\\ hh:mm"/><numFmt numFmtId="167" formatCode="0.0&quot;%&quot;"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>\
<font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>\
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
<fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/><bgColor indexed="64"/></patternFill></fill></fills>\
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>\
<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>\
<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="9"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="49" fontId="1" fillId="2" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>\
<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

export function coreProps(at: Date): string {
  const w3c = `${at.toISOString().slice(0, 19)}Z`;
  return `${XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
<dcterms:created xsi:type="dcterms:W3CDTF">${w3c}</dcterms:created>\
<dcterms:modified xsi:type="dcterms:W3CDTF">${w3c}</dcterms:modified></cp:coreProperties>`;
}

export const appProps = `${XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
<Application>gps-supervision-bot</Application></Properties>`;

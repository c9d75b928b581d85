/**
 * A small RFC 4180 reader: quoted fields may hold commas (`"1,200,000.00"`), doubled quotes and
 * line breaks. Each record is one spreadsheet row, so record i is row i + 1 as Excel shows it.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\r' && text[i + 1] === '\n') {
      endRecord();
      i++;
    } else if (ch === '\n' || ch === '\r') endRecord();
    else field += ch;
    i++;
  }
  if (quoted) throw new Error('CSV 文件中有未闭合的引号');
  // A final line break ends the last record; it does not start an empty one.
  if (field !== '' || record.length > 0) endRecord();
  return records;
}

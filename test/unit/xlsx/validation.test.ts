import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type CellType, type CellValue, createXlsxWriter } from '../../../src/xlsx/index';

const nullSink = () =>
  new Writable({
    write(_c, _e, cb) {
      cb();
    },
  });

describe('the writer refuses what Excel would reject or misread', () => {
  it.each([
    ['', 'empty'],
    ['a'.repeat(32), '32 characters'],
    ['a[1]', 'brackets'],
    ['a:b', 'colon'],
    ['a*', 'star'],
    ['a?', 'question mark'],
    ['a/b', 'slash'],
    ['a\\b', 'backslash'],
    ["'quoted'", 'edge apostrophes'],
    ['History', 'reserved name'],
  ])('sheet name %j (%s)', (name) => {
    const w = createXlsxWriter(nullSink());
    expect(() => w.sheet({ name, columns: [{ header: 'x', type: 'text' }] })).toThrow(RangeError);
  });

  it('accepts a 31-character name and refuses a duplicate, compared case-blind', () => {
    const w = createXlsxWriter(nullSink());
    w.sheet({ name: '一'.repeat(31), columns: [{ header: 'x', type: 'text' }] });
    w.sheet({ name: 'Data', columns: [{ header: 'x', type: 'text' }] });
    expect(() => w.sheet({ name: 'DATA', columns: [{ header: 'x', type: 'text' }] })).toThrow(/duplicate/);
  });

  it('refuses a row before any sheet, an empty workbook, and use after finish', async () => {
    const w = createXlsxWriter(nullSink());
    expect(() => w.row(['x'])).toThrow(/before sheet/);
    await expect(w.finish()).rejects.toThrow(/at least one sheet/);
    const v = createXlsxWriter(nullSink());
    v.sheet({ name: 'a', columns: [{ header: 'x', type: 'text' }] });
    await v.finish();
    expect(() => v.row(['x'])).toThrow(/finished/);
  });

  it.each<[CellType, CellValue]>([
    ['yuan', 1.5],
    ['yuan', '12.30'],
    ['yuan', Number.MAX_SAFE_INTEGER + 1],
    ['int', 2.5],
    ['int', 'abc'],
    ['score', 'eighty'],
    ['score', Number.NaN],
    ['percent', Number.POSITIVE_INFINITY],
    ['date', '2026-02-30'],
    ['date', '2026/01/01'],
    ['date', new Date()],
    ['datetime', '2026-01-01 10:00'],
    ['datetime', new Date(Number.NaN)],
    ['text', new Date()],
  ])('a %s cell refuses %j', (type, value) => {
    const w = createXlsxWriter(nullSink());
    w.sheet({ name: 'a', columns: [{ header: 'x', type }] });
    expect(() => w.row([value])).toThrow(TypeError);
  });
});

/**
 * `npm run history:import -- KIND FILE.xlsx` and the history kinds' templates: each template's header
 * is recognised as its own kind only, and its example row reads back by header; the CLI imports a good
 * file and, for a file with one bad row, names the row and writes nothing.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readXlsxTable } from '../../src/features/budget/xlsx';
import { HISTORY_KINDS } from '../../src/features/history/kinds';
import { rowsByHeader } from '../../src/features/history/sheet';
import { normalizeHeader } from '../../src/features/import-kind/kind';
import { createXlsxWriter } from '../../src/xlsx';
import { makeUscc } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

const root = fileURLToPath(new URL('../../', import.meta.url));
let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await startHarness();
  dir = await mkdtemp(join(tmpdir(), 'history-import-'));
}, 60_000);
afterAll(() => h.stop());

/** An XLSX of text cells: the header row and the rows, as a person would fill the template. */
async function xlsx(name: string, header: string[], rows: (string | number)[][]): Promise<string> {
  const path = join(dir, name);
  const out = createWriteStream(path);
  const w = createXlsxWriter(out);
  w.sheet({ name: 'Sheet1', columns: header.map((h) => ({ header: h, type: 'text' as const })) });
  for (const r of rows) await w.row(r.map(String));
  await w.finish();
  await finished(out);
  return path;
}

describe('templates', () => {
  for (const kind of HISTORY_KINDS)
    it(`${kind.label}: its header is its own kind's only, and its example row reads back`, async () => {
      const cols = kind.template.columns;
      const path = await xlsx(
        `${kind.key}.xlsx`,
        cols.map((c) => c.header),
        [cols.map((c) => c.example)],
      );
      const rows = await readXlsxTable(await readFile(path));
      const header = rows[0]!.cells.map(normalizeHeader);
      expect(HISTORY_KINDS.filter((k) => k.detect(header)).map((k) => k.key)).toEqual([kind.key]);
      const [example] = rowsByHeader(rows);
      for (const c of cols) expect(example!.get(c.header)).toBe(String(c.example));
    });
});

describe('npm run history:import', () => {
  const run = (kind: string, file: string) =>
    // The test's pinned date in the command's process too (its `new Date()` judges the ban year).
    spawnSync(
      process.execPath,
      ['--import', 'tsx', '--import', './test/helpers/pin-date.ts', 'src/cli/history-import.ts', kind, file],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: h.dbUrl, TEST_NOW: '2026-12-07T10:00:00+08:00' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
  const header = HISTORY_KINDS.find((k) => k.key === 'history_vendors')!.template.columns.map(
    (c) => c.header,
  );
  const vendors = async () => (await h.sql`select uscc from vendors order by uscc`).map((r) => r.uscc);

  it('exits 1 on a file with a bad row, naming it, and writes nothing', async () => {
    const before = await vendors();
    const file = await xlsx('bad.xlsx', header, [
      ['昆山市甲物业管理有限公司', makeUscc(8101), '周经理', '', '', '', '', ''],
      ['昆山市乙物业管理有限公司', '91320583MA1Y2C3D4X', '钱经理', '', '', '', '', ''],
    ]);
    const p = run('vendors', file);
    expect(p.status).toBe(1);
    expect(p.stderr).toMatch(/未导入,共 1 处错误/);
    expect(p.stderr).toMatch(/第 3 行: /);
    expect(await vendors()).toEqual(before);
  });

  it('exits 0 with what it added on a good file; the same file again adds nothing', async () => {
    const file = await xlsx('good.xlsx', header, [
      [
        '昆山市甲物业管理有限公司',
        makeUscc(8101),
        '周经理',
        '',
        'asset',
        '保洁',
        '2026',
        '2025年度考核平均分84.2分',
      ],
    ]);
    const p = run('vendors', file);
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    expect(p.stdout).toMatch(/已导入供应商 1 家、禁投记录 1 条/);
    expect(await vendors()).toContain(makeUscc(8101));
    const again = run('vendors', file);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/已导入供应商 0 家、禁投记录 0 条,已存在未变 1 行/);
    const bans = await h.sql`select year, created_by from vendor_bans`;
    expect(bans.map((b) => b.year)).toEqual([2026]);
  });
});

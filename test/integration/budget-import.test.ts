import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Workbook } from '@cj-tech-master/excelts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/verify';
import { parseBudgetCsv, readBudgetFile } from '../../src/features/budget/file';
import { importBudget } from '../../src/features/budget/import';
import { parseOrgFile } from '../../src/features/org/file';
import { importOrg } from '../../src/features/org/import';
import { createXlsxWriter } from '../../src/xlsx';
import { createTestDb, type TestDb } from '../helpers/db';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string) => join(root, 'test/fixtures/budget', name);

let t: TestDb;
let tmp: string;
beforeAll(async () => {
  t = await createTestDb();
  await importOrg(t.db, parseOrgFile(readFileSync(join(root, 'org/demo-zone.yaml'), 'utf8')));
  tmp = mkdtempSync(join(tmpdir(), 'budget-import-'));
});
afterAll(async () => {
  await t?.drop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const lines = () =>
  t.sql`select u.code, b.fiscal_year as year, b.category, b.name, b.amount_fen::text as fen, b.created_by
        from budget_lines b join units u on u.id = b.unit_id order by b.id`;
const snapshot = async () => ({
  lines: await t.sql`select * from budget_lines order by id`,
  audit: await t.sql`select * from audit_log order by id`,
});
const importFile = async (path: string) => importBudget(t.db, await readBudgetFile(path));
const csv = (name: string, ...rows: string[]) => {
  const path = join(tmp, name);
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
};

describe('budget import from CSV', () => {
  it('imports every line exactly in fen, auditing each (BOM, CRLF, quotes, blank row, extra column)', async () => {
    const r = await importFile(fixture('good.csv'));
    expect(r).toEqual({ ok: true, created: 6, unchanged: 0 });
    expect(await lines()).toEqual([
      {
        code: 'asset',
        year: 2025,
        category: 'cleaning',
        name: '',
        fen: '120000000',
        created_by: 'budget:import',
      },
      {
        code: 'asset',
        year: 2025,
        category: 'security',
        name: '',
        fen: '35000050',
        created_by: 'budget:import',
      },
      {
        code: 'enforcement',
        year: 2025,
        category: 'greening',
        name: '道路绿化',
        fen: '8000000',
        created_by: 'budget:import',
      },
      {
        code: 'enforcement',
        year: 2025,
        category: 'greening',
        name: '公园绿化',
        fen: '2000005',
        created_by: 'budget:import',
      },
      {
        code: 'sanitation',
        year: 2025,
        category: 'equipment',
        name: '',
        fen: '4500000',
        created_by: 'budget:import',
      },
      {
        code: 'sanitation',
        year: 2026,
        category: 'other',
        name: '垃圾分类宣传',
        fen: '1',
        created_by: 'budget:import',
      },
    ]);
    const audit =
      await t.sql`select action, actor, data from audit_log where aggregate_type = 'budget_line' order by id`;
    expect(audit).toHaveLength(6);
    expect(audit[0]).toMatchObject({
      action: 'budget_line.created',
      actor: 'budget:import',
      data: { fiscalYear: 2025, category: 'cleaning', amountFen: '120000000', via: 'import' },
    });
    expect(await verifyAudit(t.db)).toMatchObject({ ok: true });
  });

  it('changes nothing and audits nothing when the same file is imported again', async () => {
    const before = await snapshot();
    expect(await importFile(fixture('good.csv'))).toEqual({ ok: true, created: 0, unchanged: 6 });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a registered line with a different amount, naming the row, and imports nothing else', async () => {
    const before = await snapshot();
    const path = csv(
      'changed.csv',
      'unit,year,category,amount,name',
      'asset,2027,cleaning,100,', // new, but must not be written since row 3 is refused
      'asset,2025,cleaning,"1,000,000.00",',
    );
    const r = await importFile(path);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { row: 3, message: expect.stringMatching(/已登记为 1,200,000\.00元,本行为 1,000,000\.00元/) },
    ]);
    expect(await snapshot()).toEqual(before);
  });
});

describe('budget import refuses bad rows', () => {
  it('reports every bad row by its spreadsheet number and imports nothing', async () => {
    const before = await snapshot();
    const r = await importFile(fixture('bad.csv'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byRow = new Map(r.errors.map((e) => [e.row, e.message]));
    expect([...byRow.keys()]).toEqual([3, 4, 5, 6, 7, 8, 9, 10]); // row 2 is fine
    expect(byRow.get(3)).toMatch(/未知单位「nowhere」/);
    expect(byRow.get(4)).toMatch(/年度「25」无效/);
    expect(byRow.get(5)).toMatch(/类别「园艺」无效/);
    expect(byRow.get(6)).toMatch(/金额必须大于0/);
    expect(byRow.get(7)).toMatch(/金额必须大于0/);
    expect(byRow.get(8)).toMatch(/两位小数/);
    expect(byRow.get(9)).toMatch(/与第 2 行重复/); // cleaning = 保洁, 100,000 = 100000
    expect(byRow.get(10)).toMatch(/abc/);
    expect(await snapshot()).toEqual(before);
  });

  it('reports a missing column on the header row', async () => {
    const r = await importFile(fixture('missing-column.csv'));
    expect(r).toEqual({ ok: false, errors: [{ row: 1, message: '缺少列:类别' }] });
  });

  it('reports a duplicate of a unit written once by code and once by name', async () => {
    const r = await importBudget(
      t.db,
      parseBudgetCsv('单位,年度,类别,金额\nasset,2030,保洁,1\n资产经营公司,2030,cleaning,1\n'),
    );
    expect(r).toEqual({ ok: false, errors: [{ row: 3, message: expect.stringMatching(/与第 2 行重复/) }] });
  });

  it('refuses a file that is not UTF-8 with a hint', async () => {
    const path = join(tmp, 'gbk.csv');
    // "单位" in GBK: what Excel in a Chinese locale writes for plain "CSV".
    writeFileSync(path, Buffer.from([0xb5, 0xa5, 0xce, 0xbb, 0x0a]));
    const f = await readBudgetFile(path);
    expect(f.errors).toEqual([{ row: 1, message: expect.stringMatching(/UTF-8/) }]);
  });
});

describe('budget import from XLSX', () => {
  const writeXlsx = async (name: string, rows: unknown[][]) => {
    const wb = new Workbook();
    const ws = wb.addWorksheet('预算');
    for (const r of rows) ws.addRow(r);
    wb.addWorksheet('说明').addRow(['第二个工作表不会被读取']);
    const path = join(tmp, name);
    await wb.xlsx.writeFile(path);
    return path;
  };

  it('reads the first sheet: numeric and text cells, English headers', async () => {
    const path = await writeXlsx('good.xlsx', [
      ['Unit', 'Year', 'Category', 'Amount', 'Name'],
      ['asset', 2028, '保洁', 1200000, '一期'],
      ['asset', 2028, 'cleaning', '1,200.50', '二期'],
      ['环卫所', 2028, '设备运行维护', 99.99, null],
    ]);
    expect(await importFile(path)).toEqual({ ok: true, created: 3, unchanged: 0 });
    const got = (await lines()).filter((l) => l.year === 2028);
    expect(got.map((l) => [l.code, l.category, l.name, l.fen])).toEqual([
      ['asset', 'cleaning', '一期', '120000000'],
      ['asset', 'cleaning', '二期', '120050'],
      ['sanitation', 'equipment', '', '9999'],
    ]);
    expect(await importFile(path)).toEqual({ ok: true, created: 0, unchanged: 3 });
  });

  it('refuses a numeric cell with three decimals instead of rounding it', async () => {
    const before = await snapshot();
    const path = await writeXlsx('bad.xlsx', [
      ['单位', '年度', '类别', '金额'],
      [],
      ['asset', 2029, '保安', 10],
      ['asset', 2029, '绿化养护', 0.125],
    ]);
    const r = await importFile(path);
    expect(r).toEqual({ ok: false, errors: [{ row: 4, message: expect.stringMatching(/两位小数/) }] });
    expect(await snapshot()).toEqual(before);
  });
});

describe('budget import from an XLSX our own writer made', () => {
  it('reads typed cells: yuan amounts come back exactly in fen', async () => {
    const path = join(tmp, 'own.xlsx');
    const w = createXlsxWriter(createWriteStream(path));
    w.sheet({
      name: '预算',
      columns: [
        { header: '单位', type: 'text' },
        { header: '年度', type: 'int' },
        { header: '类别', type: 'text' },
        { header: '金额', type: 'yuan' },
        { header: '名称', type: 'text' },
      ],
    });
    await w.row(['asset', 2031, '保洁', 120_000_050n, '一期 <&>']);
    await w.row(['环卫所', 2031, 'equipment', 1, null]);
    await w.finish();
    expect(await importFile(path)).toEqual({ ok: true, created: 2, unchanged: 0 });
    const got = (await lines()).filter((l) => l.year === 2031);
    expect(got.map((l) => [l.code, l.category, l.name, l.fen])).toEqual([
      ['asset', 'cleaning', '一期 <&>', '120000050'],
      ['sanitation', 'equipment', '', '1'],
    ]);
  });
});

describe('npm run budget:import', () => {
  const run = (file: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/budget-import.ts', file], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: t.url },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('exits 1 on a bad file, listing the rows, and writes nothing', async () => {
    const before = await snapshot();
    const p = run(fixture('bad.csv'));
    expect(p.status).toBe(1);
    const out = p.stdout + p.stderr;
    expect(out).toMatch(/未导入,共 8 处错误/);
    expect(out).toMatch(/第 3 行: 未知单位「nowhere」/);
    expect(out).toMatch(/第 9 行: 与第 2 行重复/);
    expect(await snapshot()).toEqual(before);
  });

  it('exits 0 with a summary on a good file', () => {
    const p = run(fixture('good.csv'));
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    expect(p.stdout).toMatch(/新增预算额度 0 条, 已存在未变 6 条/);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  featureFolderOf,
  findCycles,
  findFeatureFolderCycles,
  findFloorViolations,
  findUpwardImports,
  floorsOf,
  functionsOverParams,
  type ImportGraph,
  layerOf,
  postgresStatements,
  statementHomesOf,
  statementsOutside,
} from './architecture-rules';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'migrations' ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Every relative import of every file under src/, type-only and dynamic ones included. */
function importGraph(): ImportGraph {
  const files = sourceFiles(SRC);
  const known = new Set(files);
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets: string[] = [];
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const base = resolve(dirname(file), fileName);
      const hit = [base, `${base}.ts`, join(base, 'index.ts')].find((c) => known.has(c));
      if (!hit) throw new Error(`${relative(SRC, file)}: cannot resolve ${fileName}`);
      targets.push(relative(SRC, hit));
    }
    graph.set(relative(SRC, file), targets);
  }
  return graph;
}

describe('architecture', () => {
  const graph = importGraph();

  it('sees every file of src/ and places each in a layer', () => {
    expect(graph.size).toBeGreaterThan(100);
    const unplaced = [...graph.keys()].filter((f) => layerOf(f) === undefined);
    expect(unplaced).toEqual([]);
  });

  it('has no import that runs up the layers', () => {
    expect(findUpwardImports(graph)).toEqual([]);
  });

  it('has no import cycle between files', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  describe("features/'s floors (src/features/README.md)", () => {
    const floors = floorsOf(readFileSync(join(SRC, 'features/README.md'), 'utf8'));

    it('places every folder of features/ on exactly one floor', () => {
      const folders = new Set([...graph.keys()].map(featureFolderOf).filter((f) => f !== undefined));
      expect(floors.length).toBeGreaterThan(3);
      expect(floors.flat().sort()).toEqual([...folders].sort());
    });

    it('has no import cycle between folders, and every import between folders goes down a floor', () => {
      expect(findFeatureFolderCycles(graph)).toEqual([]);
      expect(findFloorViolations(graph, floors)).toEqual([]);
    });

    it('fails on one planted import that closes a folder cycle', () => {
      // scoring/record.ts reads a month's closed survey (surveys/closed.ts): surveys importing scoring back
      // closes loops, through every folder on a path from scoring down to surveys.
      expect(graph.get('features/scoring/record.ts')).toContain('features/surveys/closed.ts');
      const planted: ImportGraph = new Map(graph);
      planted.set('features/surveys/closed.ts', [
        ...graph.get('features/surveys/closed.ts')!,
        'features/scoring/record.ts',
      ]);
      expect(findFeatureFolderCycles(planted)).toEqual([
        'bans <-> contracts <-> scoring <-> surveys <-> termination <-> thresholds',
      ]);
      expect(findFloorViolations(planted, floors)).toEqual([
        'features/surveys/closed.ts -> features/scoring/record.ts: floor 0 may import only lower floors (scoring is on floor 4)',
      ]);
    });
  });

  it('has no function in features/ taking more than four positional parameters', () => {
    const over = [...graph.keys()]
      .filter((f) => f.startsWith('features/'))
      .flatMap((f) => functionsOverParams(f, readFileSync(join(SRC, f), 'utf8')));
    expect(over).toEqual([]);
  });

  it('would catch a function, a method or an arrow taking five parameters', () => {
    const text = [
      'export function a(tx, actor, id, input, now) {}',
      'export const b = (tx, actor, id, now) => 0;',
      'class C { m(a, b, c, d, e, f) {} }',
      'export const d = async (uc, input) => 0;',
      'const e = function (a, b, c, d, e) {};',
    ].join('\n');
    expect(functionsOverParams('features/x/y.ts', text)).toEqual([
      'features/x/y.ts:1 a (5)',
      'features/x/y.ts:3 m (6)',
      'features/x/y.ts:5 e (5)',
    ]);
  });

  describe('postgres.js statements in their homes (src/db/README.md)', () => {
    const homes = statementHomesOf(readFileSync(join(SRC, 'db/README.md'), 'utf8'));
    const config = ts.getParsedCommandLineOfConfigFile(
      resolve(SRC, '../tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    )!;
    const roots = [...graph.keys()].map((f) => join(SRC, f));
    const program = ts.createProgram({ rootNames: roots, options: config.options });

    it('finds the statements, every one in a home', () => {
      expect(homes).toContain('db/');
      const found = postgresStatements(program, SRC);
      expect(found.filter((s) => s.startsWith('db/sql/')).length).toBeGreaterThan(100);
      expect(statementsOutside(found, homes)).toEqual([]);
    });

    it('fails on one planted statement outside them, whatever its handle is named', () => {
      const planted = join(SRC, 'features/scoring/planted.ts');
      const text = [
        "import { type DbOrTx, rawSql } from '../../db/client';",
        "import { sql } from 'drizzle-orm';",
        'export const drizzleOnly = sql`select 1`;',
        'export const late = (db: DbOrTx) => {',
        '  const pg = rawSql(db);',
        '  return pg`select id from monthly_scores where late`;',
        '};',
        "export const direct = (db: DbOrTx) => rawSql(db).unsafe('select 1');",
      ].join('\n');
      const host = ts.createCompilerHost(config.options);
      const getSourceFile = host.getSourceFile.bind(host);
      host.getSourceFile = (name, lang, ...rest) =>
        name === planted ? ts.createSourceFile(name, text, lang) : getSourceFile(name, lang, ...rest);
      const fileExists = host.fileExists.bind(host);
      host.fileExists = (name) => name === planted || fileExists(name);
      const withPlanted = ts.createProgram({
        rootNames: [...roots, planted],
        options: config.options,
        host,
        oldProgram: program,
      });
      expect(statementsOutside(postgresStatements(withPlanted, SRC), homes)).toEqual([
        'features/scoring/planted.ts:6',
        'features/scoring/planted.ts:8',
      ]);
    });
  });

  it('would catch an upward, a sideways and a narrowed import, and a cycle', () => {
    const g: ImportGraph = new Map([
      ['domain/money.ts', ['db/client.ts']],
      ['features/purchase/a.ts', ['bot/types.ts', 'features/purchase/b.ts']],
      ['features/purchase/b.ts', ['features/purchase/a.ts']],
      ['cards/kit.ts', ['db/schema/index.ts']],
      ['jobs/x.ts', ['bot/dispatcher.ts']],
      ['bot/dispatcher.ts', ['sandbox/index.ts']],
      ['db/client.ts', []],
    ]);
    expect(findUpwardImports(g)).toEqual([
      'domain/money.ts -> db/client.ts: domain may import only domain',
      'features/purchase/a.ts -> bot/types.ts: up the layers',
      'cards/kit.ts -> db/schema/index.ts: cards may import only cards, domain',
      'jobs/x.ts -> bot/dispatcher.ts: sideways between folders of one layer',
      'bot/dispatcher.ts -> sandbox/index.ts: only main, the CLI and sandbox-boot start the sandbox',
    ]);
    expect(findCycles(g)).toEqual(['features/purchase/a.ts <-> features/purchase/b.ts']);
  });

  it('keeps the replay apart from the engine: domain/, db/client, db/schema, db/policy and itself only', () => {
    const g: ImportGraph = new Map([
      [
        'features/replay/recompute.ts',
        [
          'domain/threshold.ts',
          'db/schema/index.ts',
          'db/policy.ts',
          'db/client.ts',
          'features/replay/trail.ts',
        ],
      ],
      ['features/replay/state.ts', ['db/sql/bans.ts', 'features/thresholds/load.ts', 'audit/append.ts']],
    ]);
    expect(findUpwardImports(g)).toEqual([
      'features/replay/state.ts -> db/sql/bans.ts: features/replay/ may import only features/replay/, domain/, db/client.ts, db/schema/, db/policy.ts',
      'features/replay/state.ts -> features/thresholds/load.ts: features/replay/ may import only features/replay/, domain/, db/client.ts, db/schema/, db/policy.ts',
      'features/replay/state.ts -> audit/append.ts: features/replay/ may import only features/replay/, domain/, db/client.ts, db/schema/, db/policy.ts',
    ]);
  });
});

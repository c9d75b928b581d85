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
  type ImportGraph,
  layerOf,
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

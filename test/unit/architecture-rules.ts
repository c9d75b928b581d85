import ts from 'typescript';

/**
 * The layers of src/ (see DESIGN.md and the README's "Where things are"), lowest first. A file may
 * import its own folder, and any folder of a lower layer, except where `ONLY` narrows it.
 *
 *   domain  <-  db  <-  audit, outbox, feishu, metrics, xlsx  <-  cards  <-  features  <-  bot, jobs  <-  app  <-  main, cli
 *
 * (app.ts wires the bot and the workers; sandbox-boot.ts wires the local stand-in: main and the CLI
 * start them.)
 */
const LAYERS: string[][] = [
  ['domain', 'log.ts', 'config.ts'],
  ['db'],
  ['audit', 'outbox', 'feishu', 'metrics', 'xlsx'],
  ['cards'],
  ['features'],
  ['bot', 'jobs'],
  ['app.ts', 'sandbox-boot.ts'],
  ['main.ts', 'cli'],
];

/** Folders whose allowed imports are narrower than "every lower layer". */
const ONLY: Record<string, string[]> = {
  // Pure rules: nothing else of src/.
  domain: ['domain'],
  'log.ts': [],
  'config.ts': [],
  // Presentation: pure builders over the rule book's vocabulary.
  cards: ['cards', 'domain'],
  // The spreadsheet module wraps the XLSX library (and our own streaming writer): no product code.
  xlsx: ['xlsx', 'domain'],
  // The local Feishu stand-in is apart from the product: it imports none of it.
  sandbox: ['sandbox'],
};

/**
 * Folders narrower than their layer, by path prefix. The inspector's replay (复算) recomputes from the
 * audit trail with the pure rules only: it shares no code with the engine that produced the state
 * (no other features/ folder, no db/sql statement, no audit or outbox module).
 */
const ONLY_PATHS: Record<string, string[]> = {
  'features/replay/': ['features/replay/', 'domain/', 'db/client.ts', 'db/schema/', 'db/policy.ts'],
};

/** Same-layer pairs that are allowed (the relay's delivery uses the Feishu client). */
const SIDEWAYS = new Set(['outbox->feishu']);

/** Who may import the sandbox: only what starts it (main, the demo, the chat). */
const SANDBOX_USERS = new Set(['sandbox', 'sandbox-boot.ts', 'cli']);

export type ImportGraph = Map<string, string[]>;

/** The top-level folder (or file) of a path relative to src/. */
export const areaOf = (file: string) => file.split('/')[0]!;

export function layerOf(file: string): number | undefined {
  const area = areaOf(file);
  if (area === 'sandbox') return -1;
  const i = LAYERS.findIndex((l) => l.includes(area));
  return i < 0 ? undefined : i;
}

/** Why `from` may not import `to`, or undefined when it may. */
export function violation(from: string, to: string): string | undefined {
  const a = areaOf(from);
  const b = areaOf(to);
  for (const [folder, allowed] of Object.entries(ONLY_PATHS))
    if (from.startsWith(folder) && !allowed.some((p) => to.startsWith(p)))
      return `${folder} may import only ${allowed.join(', ')}`;
  if (a === b) return undefined;
  if (b === 'sandbox')
    return SANDBOX_USERS.has(a) ? undefined : 'only main, the CLI and sandbox-boot start the sandbox';
  const only = ONLY[a];
  if (only)
    return only.includes(b) ? undefined : `${a} may import only ${only.join(', ') || 'nothing of src/'}`;
  const la = layerOf(from);
  const lb = layerOf(to);
  if (la === undefined || lb === undefined) return 'not in a layer';
  if (lb < la) return undefined;
  if (lb === la && SIDEWAYS.has(`${a}->${b}`)) return undefined;
  return lb === la ? 'sideways between folders of one layer' : 'up the layers';
}

export function findUpwardImports(graph: ImportGraph): string[] {
  const found: string[] = [];
  for (const [from, targets] of graph)
    for (const to of targets) {
      const why = violation(from, to);
      if (why) found.push(`${from} -> ${to}: ${why}`);
    }
  return found;
}

/** Every strongly connected set of files larger than one (or a file importing itself), as a loop. */
export function findCycles(graph: ImportGraph): string[] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(scc.sort().join(' <-> '));
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return cycles;
}

/** The folder of features/ a file is in ('features/scoring/record.ts' -> 'scoring'); undefined elsewhere and for features/'s loose files. */
export function featureFolderOf(file: string): string | undefined {
  const parts = file.split('/');
  return parts[0] === 'features' && parts.length > 2 ? parts[1] : undefined;
}

/** features/'s folder graph: an edge from a folder to every other folder one of its files imports. */
export function featureFolderGraph(graph: ImportGraph): ImportGraph {
  const folders: ImportGraph = new Map();
  for (const [from, targets] of graph) {
    const a = featureFolderOf(from);
    if (!a) continue;
    const out = folders.get(a) ?? [];
    folders.set(a, out);
    for (const to of targets) {
      const b = featureFolderOf(to);
      if (b && b !== a && !out.includes(b)) out.push(b);
    }
  }
  return folders;
}

/** Every import cycle between folders of features/, as a loop of folders. */
export const findFeatureFolderCycles = (graph: ImportGraph) => findCycles(featureFolderGraph(graph));

/**
 * The floors of src/features/README.md ("## Floors": a line starting `Floor N` opens a floor, each
 * `- \`folder\`` line places a folder on it), lowest first.
 */
export function floorsOf(readme: string): string[][] {
  const section = readme.split(/^## Floors$/m)[1] ?? '';
  const floors: string[][] = [];
  for (const line of section.split('\n')) {
    if (/^Floor \d+/.test(line)) floors.push([]);
    const folder = /^- `([^`]+)`/.exec(line)?.[1];
    if (folder) floors.at(-1)?.push(folder);
  }
  return floors;
}

/** Imports between folders of features/ that do not go down a floor (or reach a folder on no floor). */
export function findFloorViolations(graph: ImportGraph, floors: string[][]): string[] {
  const floorOf = new Map(floors.flatMap((f, i) => f.map((folder) => [folder, i] as const)));
  const found: string[] = [];
  for (const [from, targets] of graph) {
    const a = featureFolderOf(from);
    if (!a) continue;
    for (const to of targets) {
      const b = featureFolderOf(to);
      if (!b || b === a) continue;
      const fa = floorOf.get(a);
      const fb = floorOf.get(b);
      if (fa === undefined || fb === undefined)
        found.push(`${from} -> ${to}: ${fa === undefined ? a : b} is on no floor`);
      else if (fb >= fa)
        found.push(`${from} -> ${to}: floor ${fa} may import only lower floors (${b} is on floor ${fb})`);
    }
  }
  return found;
}

/** The most positional parameters a function of features/ takes: more go into one object (`features/use-case.ts`). */
export const MAX_PARAMS = 4;

/** Every function of `text` (a source file) taking more than MAX_PARAMS parameters, as `file:line name (n)`. */
export function functionsOverParams(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && node.parameters.length > MAX_PARAMS) {
      const named = node.name ?? (ts.isVariableDeclaration(node.parent) ? node.parent.name : undefined);
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      found.push(`${file}:${line} ${named?.getText(sf) ?? '(anonymous)'} (${node.parameters.length})`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/**
 * Every postgres.js statement of the program's files under `srcDir`: a template tagged with a
 * postgres.js handle (`sql\`…\``, `rawSql(tx)\`…\``) or a call of its `unsafe`, as `file:line`
 * relative to `srcDir`. A handle is told apart from drizzle's `sql` by its type (it has `unsafe`
 * and `begin`), whatever it is named.
 */
export function postgresStatements(program: ts.Program, srcDir: string): string[] {
  const checker = program.getTypeChecker();
  const isHandle = (e: ts.Expression) => {
    const t = checker.getTypeAtLocation(e);
    return !!t.getProperty('unsafe') && !!t.getProperty('begin');
  };
  const found: string[] = [];
  for (const sf of program.getSourceFiles()) {
    if (!sf.fileName.startsWith(`${srcDir}/`)) continue;
    const at = (n: ts.Node) =>
      `${sf.fileName.slice(srcDir.length + 1)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
    const visit = (n: ts.Node) => {
      if (ts.isTaggedTemplateExpression(n) && isHandle(n.tag)) found.push(at(n));
      else if (
        ts.isCallExpression(n) &&
        ts.isPropertyAccessExpression(n.expression) &&
        n.expression.name.text === 'unsafe' &&
        isHandle(n.expression.expression)
      )
        found.push(at(n));
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return found;
}

/** The allowed homes of db/README.md ("## Where postgres.js statements live": each `- \`path\`` line). */
export function statementHomesOf(readme: string): string[] {
  const section = readme.split(/^## Where postgres\.js statements live$/m)[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(/^- `([^`]+)`/gm)].map((m) => m[1]!);
}

/** The statements (`file:line`) in no home: a home ending in `/` holds its folder, any other one file. */
export const statementsOutside = (statements: string[], homes: string[]) =>
  statements.filter((s) => {
    const file = s.slice(0, s.lastIndexOf(':'));
    return !homes.some((h) => (h.endsWith('/') ? file.startsWith(h) : file === h));
  });

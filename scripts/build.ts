/**
 * `npm run build`: bundles every entry that package.json runs with tsx (src/main.ts and the CLIs)
 * into plain ESM JavaScript under dist/ (or BUILD_OUT), so production runs `node dist/main.js`
 * without transpiling at start. node_modules stay external (installed by `npm ci --omit=dev`).
 * The migrations are copied beside the bundles; org/ is read from the repository root.
 */
import { cp, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `src/...ts` files that package.json scripts run with tsx: the entries to build. */
export async function entryPoints(): Promise<string[]> {
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const found = Object.values(pkg.scripts).flatMap((s) =>
    [...s.matchAll(/\btsx (src\/\S+\.ts)\b/g)].map((m) => m[1]!),
  );
  return [...new Set(found)].sort();
}

/**
 * Builds into `outDir` (emptied first), which must be a direct child of the repository root so
 * that `../org` and node_modules resolve from it. Returns the built files, relative to the root.
 */
export async function buildDist(outDir = join(ROOT, process.env.BUILD_OUT ?? 'dist')): Promise<string[]> {
  if (relative(ROOT, join(outDir, '..')) !== '') throw new Error(`build: ${outDir} must sit in ${ROOT}`);
  const entries = await entryPoints();
  await rm(outDir, { recursive: true, force: true });
  await build({
    entryPoints: entries.map((e) => join(ROOT, e)),
    outbase: join(ROOT, 'src'),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  await cp(join(ROOT, 'src/db/migrations'), join(outDir, 'migrations'), { recursive: true });
  return entries.map((e) => relative(ROOT, join(outDir, e.replace(/^src\//, '').replace(/\.ts$/, '.js'))));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const t0 = Date.now();
  const built = await buildDist();
  console.log(`built ${built.length} entries in ${Date.now() - t0} ms: ${built.join(' ')}`);
}

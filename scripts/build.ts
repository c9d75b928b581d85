/**
 * `npm run build`: bundles every entry that package.json runs with tsx (src/main.ts and the CLIs)
 * into plain ESM JavaScript under dist/ (or BUILD_OUT), so production runs `node dist/main.js`
 * without transpiling at start. node_modules stay external (installed by `npm ci --omit=dev`), but
 * for BUNDLED.
 * The migrations are copied beside the bundles; org/ is read from the repository root.
 */
import { cp, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BuildOptions, build } from 'esbuild';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Dependencies bundled into the output rather than loaded from node_modules. drizzle-orm is some 200
 * ES module files, and Node 24's module loader leaves about 150 MB of garbage in the old space while
 * it loads them, collected only much later (measured alone: `import('drizzle-orm/pg-core')` leaves
 * 160 MB of heap in use and a peak RSS of 239 MB, against 6 MB and 53 MB on Node 20). Bundled, the
 * built export peaks at 175 MB instead of 256, and its COPY floor at 88 MB instead of 256
 * (BENCHMARKS.md). Every other dependency stays external: native parts, pino's worker transports,
 * files read at run time.
 */
export const BUNDLED = ['drizzle-orm'];

type PackageJson = Record<'scripts' | 'dependencies' | 'devDependencies', Record<string, string>>;

const readPackage = async (): Promise<PackageJson> =>
  JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));

/** esbuild's options for the production bundles (the bench's export child is built the same way). */
export async function bundleOptions(): Promise<BuildOptions> {
  const pkg = await readPackage();
  const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
    .filter((d) => !BUNDLED.includes(d))
    .flatMap((d) => [d, `${d}/*`]);
  return {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    external,
    sourcemap: true,
    logLevel: 'warning',
  };
}

/** `src/...ts` files that package.json scripts run with tsx: the entries to build. */
export async function entryPoints(): Promise<string[]> {
  const pkg = await readPackage();
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
    ...(await bundleOptions()),
  });
  await cp(join(ROOT, 'src/db/migrations'), join(outDir, 'migrations'), { recursive: true });
  return entries.map((e) => relative(ROOT, join(outDir, e.replace(/^src\//, '').replace(/\.ts$/, '.js'))));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const t0 = Date.now();
  const built = await buildDist();
  console.log(`built ${built.length} entries in ${Date.now() - t0} ms: ${built.join(' ')}`);
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { readDockerfile } from '../helpers/dockerfile';

/**
 * Issue 20, point 3: the suite runs on the runtime the image ships (Node 24 LTS). Under an older
 * Node this fails on purpose: `npm test` and `.ci/run` take Node 24 from scripts/ci-node.sh.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

it('the tests run on Node 24', () => {
  expect(process.versions.node.split('.')[0], `node ${process.version}; see README (Node 24)`).toBe('24');
});

it("every FROM of the Dockerfile names a Node 24 image, its base's default included", () => {
  const { images } = readDockerfile();
  expect(images.length).toBeGreaterThanOrEqual(2);
  for (const image of images) expect(image).toMatch(/(^|\/)node:24([.-]|$)/);
});

it('package.json asks for a Node that runs every dependency, and its types are Node 24', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    engines: { node: string };
    devDependencies: Record<string, string>;
  };
  // excelts needs >= 22; vitest 4's vite 8 needs >= 22.12 on the 22 line.
  expect(pkg.engines.node).toBe('>=22.12');
  expect(pkg.devDependencies['@types/node']).toMatch(/^24\./);
});

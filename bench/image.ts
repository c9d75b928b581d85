import { join } from 'node:path';
import { buildDist, ROOT } from '../scripts/build';
import { readDockerfile } from '../test/helpers/dockerfile';

/** The image's NODE_OPTIONS (its last stage's `ENV NODE_OPTIONS=`): a bench's built processes run with them. */
export function imageNodeOptions(): string {
  const stage = readDockerfile().stages.at(-1)!;
  const line = stage.find((l) => /^ENV\s+NODE_OPTIONS=/.test(l));
  if (!line) throw new Error('bench: the Dockerfile sets no NODE_OPTIONS');
  return line.replace(/^ENV\s+NODE_OPTIONS=/, '').replace(/^"(.*)"$/, '$1');
}

let built: Promise<string> | undefined;

/**
 * The app built as `npm run build` builds it, once per bench process, into a folder of the root
 * (so that node_modules and org/ resolve from it) other than dist/. Returns the path of main.js.
 */
export function builtMain(): Promise<string> {
  const dir = join(ROOT, 'dist-bench-stack');
  built ??= buildDist(dir).then(() => join(dir, 'main.js'));
  return built;
}

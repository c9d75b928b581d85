import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Dockerfile {
  /** `ARG` lines before the first `FROM`, with their defaults (the only ones a `FROM` can use). */
  globalArgs: Record<string, string | undefined>;
  /** Each stage's instructions, its `FROM` first; comments dropped, continued lines joined. */
  stages: string[][];
  /** Each `FROM`'s image with the global args' defaults substituted. */
  images: string[];
}

/** Reads and splits the repository's Dockerfile (or `text`), as `docker build` would read it. */
export function readDockerfile(text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')): Dockerfile {
  const lines = text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const globalArgs: Record<string, string | undefined> = {};
  const stages: string[][] = [];
  for (const l of lines) {
    if (/^FROM\b/i.test(l)) stages.push([]);
    const stage = stages.at(-1);
    if (stage) stage.push(l);
    else {
      const arg = /^ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/i.exec(l);
      if (!arg) throw new Error(`Dockerfile: only ARG may come before the first FROM (got ${l})`);
      globalArgs[arg[1]!] = arg[2]?.replace(/^"(.*)"$/, '$1');
    }
  }
  const images = stages.map((s) => {
    const image = /^FROM\s+(?:--platform=\S+\s+)?(\S+)/i.exec(s[0]!)![1]!;
    return image.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, name: string) => {
      const v = globalArgs[name];
      if (v === undefined) throw new Error(`Dockerfile: FROM uses ${name}, which has no default`);
      return v;
    });
  });
  return { globalArgs, stages, images };
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readDockerfile } from '../helpers/dockerfile';

/**
 * Issue 20, point 4: the hardened image and its compose file, read as files (no Docker engine runs
 * where the tests do, so the image is not built here).
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

type Service = {
  image?: string;
  build?: string | { context?: string; args?: Record<string, string> };
  restart?: string;
  ports?: (string | { target: number; published?: string | number; host_ip?: string })[];
  healthcheck?: { disable?: boolean; test?: unknown };
  environment?: Record<string, string>;
  volumes?: string[];
};
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
};

describe('Dockerfile', () => {
  const file = readDockerfile();
  const runtime = file.stages.at(-1)!;
  const last = (instruction: string) =>
    runtime.filter((l) => new RegExp(`^${instruction}\\b`, 'i').test(l)).at(-1);

  it('takes its base from ARG NODE_IMAGE (an internal mirror may replace it), Node 24 by default', () => {
    expect(file.globalArgs.NODE_IMAGE).toBe('node:24-bookworm-slim');
    for (const stage of file.stages) expect(stage[0]).toMatch(/^FROM \$\{NODE_IMAGE\}( AS \w+)?$/);
  });

  it('runs as a user that is not root, which owns /app/data', () => {
    const user = last('USER')?.replace(/^USER\s+/i, '');
    expect(user).toBeDefined();
    const [name, group] = user!.split(':');
    expect(['root', '0']).not.toContain(name);
    expect(['root', '0']).not.toContain(group ?? name);
    // The user is created in the runtime stage and given the data directory, before USER switches to it.
    const userAt = runtime.findIndex((l) => /^USER\b/i.test(l));
    const setup = runtime.slice(0, userAt).join('\n');
    expect(setup).toMatch(new RegExp(`useradd\\b[^\\n]*\\b${name}\\b`));
    expect(setup).toMatch(new RegExp(`chown ${name}(:\\w+)? /app/data\\b`));
    // Nothing else is handed to it: the code and node_modules stay root's.
    expect(setup.match(/chown\b[^&\n]*/g)?.map((c) => c.trim())).toEqual([
      expect.stringMatching(/ \/app\/data$/),
    ]);
    expect(runtime.join('\n')).not.toMatch(/COPY --chown/i);
  });

  it('keeps the anchor file in the user-owned data directory', () => {
    expect(runtime).toContain('ENV AUDIT_ANCHOR_FILE=/app/data/audit-anchors.jsonl');
  });

  it("caps V8's young generation at Node 20's size (the export's memory target, BENCHMARKS.md)", () => {
    expect(runtime).toContain('ENV NODE_OPTIONS=--max-semi-space-size=16');
  });

  it('checks its health on /healthz at PORT (default 3000)', () => {
    const check = last('HEALTHCHECK');
    expect(check).toBeDefined();
    expect(check).not.toMatch(/HEALTHCHECK\s+NONE/i);
    const argv = JSON.parse(check!.replace(/^HEALTHCHECK\s+(--\S+\s+)*CMD\s+/i, '')) as string[];
    expect(argv.slice(0, 2)).toEqual(['node', '-e']);
    expect(argv[2]).toContain("'/healthz'");
    expect(argv[2]).toContain('process.env.PORT||3000');
    expect(runtime).toContain('ENV PORT=3000');
  });
});

describe('docker-compose.yml', () => {
  it('publishes the sandbox port on the loopback interface only', () => {
    const ports = compose.services.app!.ports!.map(String);
    const sandbox = ports.filter((p) => /(^|:)3001$/.test(p));
    expect(sandbox).toEqual(['127.0.0.1:3001:3001']);
    expect(compose.services.app!.environment!.SANDBOX_PORT).toBe('3001');
  });

  it('restarts every service unless it was stopped by hand', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'postgres', 'redis']);
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.restart, name).toBe('unless-stopped');
    }
  });

  it("builds the app on the Dockerfile's NODE_IMAGE, Node 24 unless set, and keeps its HEALTHCHECK", () => {
    const build = compose.services.app!.build;
    expect(typeof build).toBe('object');
    expect((build as { args: Record<string, string> }).args.NODE_IMAGE).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: compose's interpolation, read as text
      '${NODE_IMAGE:-node:24-bookworm-slim}',
    );
    expect(compose.services.app!.healthcheck?.disable).not.toBe(true);
    expect(compose.services.app!.volumes).toContain('anchors:/app/data');
  });
});

import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The newest PostgreSQL server binaries of the machine (Debian's layout), or undefined. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl')) && existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * A PostgreSQL cluster of its own, for a test that must restart or break the server: the shared
 * one on 5432 serves every other test file. initdb refuses root, so the binaries run as the
 * `postgres` OS user when the test runs as root (as CI does). Trust auth on 127.0.0.1 only.
 */
export async function startPrivateCluster() {
  const bin = postgresBinDir();
  if (!bin) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
  const dir = mkdtempSync(join(tmpdir(), 'pg-private-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  chmodSync(dir, 0o700);
  // As the postgres OS user when root; as ourselves otherwise.
  const pg = (tool: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { cwd: dir })
      : run(join(bin, tool), args, { cwd: dir });
  const port = await freePort();
  await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-instructions']);
  const opts = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    // The socket directory must be writable by the server's user (not /var/run/postgresql).
    `-k ${dir}`,
    '-c fsync=off',
    '-c max_connections=60',
  ].join(' ');
  const log = join(dir, 'server.log');
  const start = () => pg('pg_ctl', ['start', '-D', data, '-w', '-t', '30', '-l', log, '-o', opts]);
  await start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    /** `pg_ctl restart -m fast`: every session is cut, the server is back when this resolves. */
    async restart() {
      await pg('pg_ctl', ['restart', '-D', data, '-m', 'fast', '-w', '-t', '30', '-l', log, '-o', opts]);
    },
    async stop() {
      await pg('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '30']).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type PrivateCluster = Awaited<ReturnType<typeof startPrivateCluster>>;

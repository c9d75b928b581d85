import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { exited, spawnApp } from '../test/helpers/spawn-app';

/**
 * The bench stack's app processes, found by what they are: children of this process running
 * `src/main.ts --role <role>` (spawnApp starts node itself, so the child is the process that works).
 */
export function appPid(role: 'bot' | 'worker'): number {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The parent pid is the 4th field, after the command name in parentheses.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      const i = args.indexOf('--role');
      if (args.includes('src/main.ts') && args[i + 1] === role) found.push(Number(name));
    } catch {
      // The process went away while we looked.
    }
  }
  if (found.length !== 1) throw new Error(`expected one ${role} process, found ${found.length}`);
  return found[0]!;
}

/** Resident set size in MB, from /proc/<pid>/status (VmRSS, in kB). */
export function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error(`no VmRSS for ${pid}`);
  return Number(kb) / 1024;
}

/** The environment a process was started with. */
function environOf(pid: number): Record<string, string> {
  const env: Record<string, string> = {};
  for (const kv of readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
    const eq = kv.indexOf('=');
    if (eq > 0) env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return env;
}

function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

/**
 * SIGKILLs the worker (no shutdown, jobs left locked mid-flight) and starts a new one with the very
 * same environment. Returns the new worker and how long it took until it logged that it started.
 */
export async function killAndRespawnWorker(): Promise<{ worker: ChildProcess; restartMs: number }> {
  const pid = appPid('worker');
  const env = environOf(pid);
  process.kill(pid, 'SIGKILL');
  const t0 = Date.now();
  while (!gone(pid) && !isZombie(pid)) {
    if (Date.now() - t0 > 10_000) throw new Error(`worker ${pid} did not die`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const worker = await spawnApp(['--role', 'worker'], env);
  return { worker, restartMs: Date.now() - t0 };
}

/** A killed child stays a zombie until node reaps it: dead already, for our purpose. */
function isZombie(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

export async function stopWorker(worker: ChildProcess): Promise<void> {
  worker.kill('SIGTERM');
  await exited(worker);
}

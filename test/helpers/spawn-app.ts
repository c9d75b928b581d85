import { type ChildProcess, spawn } from 'node:child_process';

/**
 * Runs `src/main.ts` as its own process (node --import tsx, so a SIGKILL reaches the process that
 * does the work, not a wrapper). Resolves once it logged that it started.
 */
export function spawnApp(
  args: string[],
  env: Record<string, string>,
  /** What node runs instead of src/main.ts on the pinned clock (a benchmark's built main.js). */
  main = ['--import', 'tsx', '--import', './test/helpers/pin-date.ts', 'src/main.ts'],
): Promise<ChildProcess & { output: () => string }> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : []),
      // By default the child runs on the test's pinned clock, from the time it is now in the test.
      ...main,
      ...args,
    ],
    {
      env: { ...process.env, LOG_LEVEL: 'info', TEST_NOW: new Date().toISOString(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('"msg":"started"')) resolve(Object.assign(child, { output: () => out }));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('exit', (code) => reject(new Error(`app exited early (${code}): ${out.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`app did not start: ${out.slice(-2000)}`)), 20_000);
  });
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

/**
 * `npm run chat` as a child process speaking as `as`: against the sandbox at `sandboxUrl`, or, with
 * none, the CLI's own (then `tmp` becomes its TMPDIR). The caller kills what it pushes on `children`.
 */
export function spawnChat(
  children: ChildProcessWithoutNullStreams[],
  as: string,
  o: { sandboxUrl?: string; tmp?: string } = {},
) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...(o.tmp ? { TMPDIR: o.tmp } : {}) };
  delete env.SANDBOX_PORT;
  const where = o.sandboxUrl ? ['--sandbox', o.sandboxUrl] : [];
  const child = spawn('node_modules/.bin/tsx', ['src/cli/chat.ts', '--as', as, ...where], {
    cwd: process.cwd(),
    env,
  });
  children.push(child);
  let out = '';
  let mark = 0;
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return {
    get out() {
      return out;
    },
    send(line: string) {
      child.stdin.write(`${line}\n`);
    },
    /** Waits for `text` after what was already waited for; later look-ups start there. */
    async see(text: string, ms = 30_000): Promise<void> {
      const until = Date.now() + ms;
      while (out.indexOf(text, mark) < 0) {
        if (Date.now() > until) throw new Error(`没有等到「${text}」,输出:\n${out.slice(mark)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      mark = out.indexOf(text, mark) + text.length;
    },
    /** The number of the newest control labelled `label`: `[3] (输入 label)` or `[3] (按钮) label`. */
    num(label: string): number {
      const labelled = (line: string) =>
        line.startsWith(`(输入 ${label})`) || line.replace(/^\([^ )]*\) /, '').startsWith(label);
      const hits = [...out.matchAll(/\[(\d+)\] ([^\n]*)/g)].filter((m) => labelled(m[2]!));
      if (!hits.length) throw new Error(`没有控件「${label}」`);
      return Number(hits.at(-1)![1]);
    },
  };
}

import { useAuditKey } from '../audit/key';
import { loadConfig } from '../config';
import { createDb, type Db } from '../db/client';

/**
 * The frame of a command-line entry: one database connection from the environment's config, closed
 * whatever happens; the exit code `main` returns, or `failCode` with one line `<name> failed: ...`
 * (or what `failed` says) when it throws (a bad file, no database).
 */
export function runCommand(
  name: string,
  main: (db: Db) => Promise<number>,
  failCode = 1,
  failed: (why: string) => string = (why) => `${name} failed: ${why}`,
): void {
  const run = async () => {
    const config = loadConfig();
    // Commands that write (imports) extend the chains: with the same key as the bot.
    useAuditKey(config.audit.key);
    const { db, sql } = createDb(config.databaseUrl, { max: 1 });
    try {
      return await main(db);
    } finally {
      await sql.end({ timeout: 5 });
    }
  };
  exitWith(run(), failed, failCode);
}

/** Sets the exit code `done` resolves to, or prints `failed(reason)` and sets `failCode` when it throws. */
export function exitWith(done: Promise<number>, failed: (why: string) => string, failCode: number): void {
  done.then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(failed(err instanceof Error ? err.message : String(err)));
      process.exitCode = failCode;
    },
  );
}

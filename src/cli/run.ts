import { useAuditKey } from '../audit/key';
import { loadConfig } from '../config';
import { createDb, type Db } from '../db/client';

/**
 * The frame of a command-line entry: one database connection from the environment's config, closed
 * whatever happens; the exit code `main` returns, or `failCode` with one line `<name>: ... failed`
 * when it throws (a bad file, no database).
 */
export function runCommand(name: string, main: (db: Db) => Promise<number>, failCode = 1): void {
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
  run().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(`${name} failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = failCode;
    },
  );
}

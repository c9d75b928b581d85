import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

export type Db = ReturnType<typeof createDb>['db'];
/** A transaction handle; queries take `Db | Tx` so they run inside or outside one. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

type Sql = ReturnType<typeof postgres>;

/**
 * drizzle sends every query through `sql.unsafe(text, params, { prepare: false })`. For an unnamed
 * statement with parameters, postgres.js first sends Parse + Describe and waits for the parameter
 * types before it sends Bind + Execute: two round trips and two socket writes per query, and the
 * connection takes no other query meanwhile, so `Promise.all` of several queries does not pipeline.
 * As named prepared statements (cached per connection by text and parameter types, dropped with the
 * connection, which postgres.js recycles every 30 to 60 minutes) a query after the first costs one
 * Bind + Execute, and queries issued together go out in one write.
 */
function preparing<T extends Sql>(sql: T): T {
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop === 'unsafe') {
        return (text: string, params?: unknown[], opts?: object) =>
          target.unsafe(text, params as never, { ...opts, prepare: true });
      }
      // A transaction (and a savepoint in it) gets its own `sql`: it is wrapped the same way.
      if (prop === 'begin' || prop === 'savepoint') {
        const original = Reflect.get(target, prop, receiver) as (...a: unknown[]) => unknown;
        return (...args: unknown[]) => {
          const fn = args.pop() as (s: Sql) => unknown;
          return original.call(target, ...args, (s: Sql) => fn(preparing(s)));
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** Opens a pool. Nothing connects at import time; the caller owns `sql.end()`. */
export function createDb(url: string, opts: { max?: number } = {}) {
  const sql = postgres(url, { max: opts.max ?? 10, onnotice: () => {} });
  const db = drizzle(preparing(sql), { schema });
  return { db, sql };
}

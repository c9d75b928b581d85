import postgres from 'postgres';

type Sql = postgres.Sql;

/**
 * Transactions run on "lanes": single-connection postgres.js clients, one transaction at a time
 * each, instead of `sql.reserve()` / `sql.begin()` on the shared pool.
 *
 * Why: postgres.js 3.4.9 (and 3.4.10) lets a reserved or transaction connection be written to
 * after the server cut it. `closed()` nulls the socket, a later statement on that connection (the
 * ROLLBACK after the failure, or any statement when the cut came between two) schedules
 * `setImmediate(nextWrite)`, and `socket.write` on null throws a TypeError outside any promise:
 * the process exits. Upstream: porsager/postgres#1208 (reserve), #1154 and #1066 (same frame),
 * open PRs #1168 and #1209; no release carries a fix (3.4.10 does not; 4.x is a rewrite).
 * `reserve().release()` after the cut also hands the dead connection back to the pool as open.
 *
 * A lane avoids that path: its statements go through the client's own queue, which reconnects a
 * closed connection instead of writing to it, and the lane learns of the cut synchronously
 * (`onclose`, and a connection-level rejection of any of its statements). From then on every
 * statement of that transaction is refused before it reaches postgres.js, the transaction fails
 * with CONNECTION_CLOSED, and the lane's client is replaced before the next transaction.
 *
 * One more guard: statements postgres.js had queued behind a cut connection are replayed on the
 * reconnected one, outside the transaction. A lane's sessions are therefore read-only by default
 * (`default_transaction_read_only`) and its transactions begin READ WRITE: such a replay cannot
 * write, so a lost transaction never commits in part.
 */

/** What postgres.js's Query looks like to the guard (an internal class, not in its types). */
type QueryLike = Promise<unknown> & { handler: Handler; reject: (e: unknown) => void };
type Handler = ((q: QueryLike) => unknown) & { debug?: unknown };

/** Error codes (postgres.js's own and the socket's) of a session that ended or never started. */
const GONE = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * Whether `err` means the database connection was lost or could not be had (the server going
 * away, restarting or refusing), rather than a statement refused by Postgres.
 */
export function isConnectionLost(err: unknown): boolean {
  // drizzle wraps a failed query's error (DrizzleQueryError) and keeps it as `cause`.
  const cause = (err as { cause?: unknown } | null)?.cause;
  if (cause !== undefined && cause !== err && isConnectionLost(cause)) return true;
  if (err instanceof postgres.PostgresError) {
    // FATAL ends the session; class 08 is connection exception, 57P01..57P03 shutdown and startup.
    return err.severity === 'FATAL' || err.severity === 'PANIC' || /^(08|57P0)/.test(err.code);
  }
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && GONE.has(code);
}

/** Whether a statement failing with `err` leaves its session unusable for the transaction. */
function breaksSession(err: unknown): boolean {
  // Anything but an ordinary statement error (severity ERROR) ends the transaction's lane.
  return !(err instanceof postgres.PostgresError) || err.severity !== 'ERROR';
}

export function connectionLostError(): Error {
  return Object.assign(new Error('the database connection of this transaction was lost'), {
    code: 'CONNECTION_CLOSED',
  });
}

interface Lane {
  client: Sql;
  sql: Sql;
  /** The lane's connection closed, or one of its statements failed at the connection level. */
  broken: boolean;
  /** The first rejection of the current transaction (thrown when COMMIT answers ROLLBACK). */
  firstError: unknown;
  born: number;
  lifeMs: number;
}

/** A transaction's view of its lane. */
export interface LaneSession {
  sql: Sql;
  /** Whether the lane's connection was lost since this transaction took it. */
  readonly lost: boolean;
  /** The first statement error of this transaction, if any. */
  readonly firstError: unknown;
}

export type Lanes = ReturnType<typeof createLanes>;

/**
 * `count` lanes to `url`, each opened on first use. `like` is the pool whose type parsers and
 * serializers a lane copies when it opens: drizzle installs its own on the client it is given.
 */
export function createLanes(url: string, count: number, like: Sql) {
  const idle: Lane[] = [];
  const waiters: { resolve: (l: Lane) => void; reject: (e: Error) => void }[] = [];
  const clients = new Set<Sql>();
  let opened = 0;
  let ending = false;

  function open(): Lane {
    const lane = {
      broken: false,
      firstError: undefined,
      born: Date.now(),
      // Recycled between transactions (as postgres.js recycles pooled connections), never within one.
      lifeMs: (30 + Math.random() * 30) * 60_000,
    } as Lane;
    lane.client = postgres(url, {
      max: 1,
      max_lifetime: null,
      onnotice: () => {},
      onclose: () => {
        lane.broken = true;
      },
      connection: { default_transaction_read_only: true },
    });
    Object.assign(lane.client.options.parsers, like.options.parsers);
    Object.assign(lane.client.options.serializers, like.options.serializers);
    lane.sql = guarded(lane);
    clients.add(lane.client);
    return lane;
  }

  function retire(lane: Lane): void {
    clients.delete(lane.client);
    lane.client.end({ timeout: 2 }).catch(() => {});
  }

  /** A lane fit for a new transaction: a broken or old one is replaced by a fresh client. */
  function renewed(lane: Lane): Lane {
    if (!lane.broken && Date.now() - lane.born < lane.lifeMs) {
      lane.firstError = undefined;
      return lane;
    }
    retire(lane);
    return open();
  }

  function acquire(): Promise<Lane> {
    if (ending)
      return Promise.reject(Object.assign(new Error('database pool ended'), { code: 'CONNECTION_ENDED' }));
    const lane = idle.pop();
    if (lane) return Promise.resolve(renewed(lane));
    if (opened < count) {
      opened++;
      return Promise.resolve(open());
    }
    return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
  }

  function release(lane: Lane): void {
    const waiter = waiters.shift();
    if (waiter) waiter.resolve(renewed(lane));
    else idle.push(lane);
  }

  return {
    size: count,
    /** Runs `fn` with a lane of its own; the caller sends BEGIN and COMMIT on `session.sql`. */
    async using<T>(fn: (session: LaneSession) => Promise<T>): Promise<T> {
      const lane = await acquire();
      try {
        return await fn({
          sql: lane.sql,
          get lost() {
            return lane.broken;
          },
          get firstError() {
            return lane.firstError;
          },
        });
      } finally {
        release(lane);
      }
    },
    async end(opts?: { timeout?: number }): Promise<void> {
      ending = true;
      for (const w of waiters.splice(0)) w.reject(new Error('database pool ended'));
      await Promise.all([...clients].map((c) => c.end(opts)));
    },
  };
}

/**
 * The lane's client, with every statement checked when postgres.js would send it: refused once the
 * lane is broken, and marking it broken when it fails at the connection level.
 */
function guarded(lane: Lane): Sql {
  const guard = <Q>(q: Q): Q => {
    const query = q as unknown as QueryLike;
    if (!(query instanceof Promise) || typeof query.handler !== 'function') return q;
    const inner = query.handler;
    query.handler = Object.assign(
      (x: QueryLike) => {
        if (lane.broken) return x.reject(connectionLostError());
        const reject = x.reject;
        x.reject = (err: unknown) => {
          if (breaksSession(err)) lane.broken = true;
          lane.firstError ??= err;
          reject(err);
        };
        return inner(x);
      },
      { debug: inner.debug },
    );
    return q;
  };
  let savepoints = 0;
  const proxy: Sql = new Proxy(lane.client, {
    apply(target, thisArg, args) {
      return guard(Reflect.apply(target, thisArg, args));
    },
    get(target, prop, receiver) {
      if (prop === 'unsafe' || prop === 'file') {
        const f = Reflect.get(target, prop, receiver) as (...a: unknown[]) => unknown;
        return (...a: unknown[]) => guard(f.apply(target, a));
      }
      // drizzle's nested `tx.transaction()`; postgres.js's savepoint exists only inside its begin().
      if (prop === 'savepoint') {
        return async (...args: unknown[]) => {
          const fn = args.pop() as (s: Sql) => unknown;
          const name = `s${savepoints++}`;
          await proxy.unsafe(`savepoint ${name}`);
          try {
            const result = await fn(proxy);
            await proxy.unsafe(`release savepoint ${name}`);
            return result;
          } catch (err) {
            await proxy.unsafe(`rollback to savepoint ${name}`).catch(() => {});
            throw err;
          }
        };
      }
      if (prop === 'reserve' || prop === 'begin') {
        throw new Error(`sql.${prop} on a transaction's connection`);
      }
      return Reflect.get(target, prop, receiver);
    },
  });
  return proxy;
}

/**
 * postgres.js's `sql.begin([options,] fn)` on a lane, for drizzle's `db.transaction`: BEGIN READ
 * WRITE (plus `options`), `fn`, COMMIT; any failure rolls back (on a live connection).
 */
export async function beginOnLane(lanes: Lanes, ...args: unknown[]): Promise<unknown> {
  const fn = args.pop() as (sql: Sql) => unknown;
  const options = String(args[0] ?? '').replace(/[^a-z ]/gi, '');
  return lanes.using(async (s) => {
    const sql = s.sql;
    try {
      await sql.unsafe(/read only/i.test(options) ? `begin ${options}` : `begin read write ${options}`);
      const x = fn(sql);
      const result = await (Array.isArray(x) ? Promise.all(x) : x);
      const done = await sql`commit`;
      if (s.lost) throw connectionLostError();
      if (done.command !== 'COMMIT')
        throw s.firstError ?? new Error(`transaction ended with ${done.command}`);
      return result;
    } catch (err) {
      await sql`rollback`.catch(() => {});
      throw err;
    }
  });
}

import { actionValue } from '../cards/values';
import { pipelinedTransaction, type Sql, type Tx } from '../db/client';
import { claimEvent, claimEventOn } from '../db/sql/actor';
import { DomainError } from '../domain/errors';
import { OutboxWriter, ReadOnlyOutbox } from '../outbox/write';
import { PRELOADS } from './actions';
import { handlers } from './events';
import { type BotEvent, normalizeEvent } from './normalize';
import { isReadOnly } from './read-only';
import type { BotDeps, CallbackAnswer } from './types';

export const DUPLICATE_ANSWER: CallbackAnswer = {
  toast: { type: 'info', content: '该操作已处理,无需重复提交' },
};

/**
 * The reads a card action declares it will make (see `PRELOADS`), started in the transaction's first
 * round trip together with BEGIN and the event claim. Undefined for everything else.
 */
function preloadOf(event: BotEvent): ((sql: Sql) => Promise<unknown>) | undefined {
  if (event.kind !== 'card') return undefined;
  const parsed = actionValue.safeParse(event.value);
  if (!parsed.success) return undefined;
  const load = PRELOADS[parsed.data.a] as ((sql: Sql, v: typeof parsed.data) => Promise<unknown>) | undefined;
  return load && ((sql) => load(sql, parsed.data));
}

/**
 * One entry for both transports. The event id is recorded in the same transaction as the effect,
 * so a re-delivered event does nothing; messages go out through the outbox after commit.
 */
export function createDispatcher(deps: BotDeps) {
  async function run(event: BotEvent): Promise<CallbackAnswer> {
    const log = deps.logger.child({ event_id: event.eventId, event: event.kind, person: event.openId });
    let outboxIds: string[] = [];
    let after: (() => Promise<void>)[] = [];
    let answer: CallbackAnswer | undefined;
    const claim = { eventId: event.eventId, eventType: event.kind, openId: event.openId };
    try {
      if (isReadOnly(event)) {
        // Nothing to make atomic with the claim: no transaction, one round trip in all.
        const { fresh, actor } = await claimEvent(deps.db, claim);
        if (!fresh) return DUPLICATE_ANSWER;
        const out = new ReadOnlyOutbox();
        const handler = handlers[event.kind] as (c: unknown) => Promise<CallbackAnswer | undefined>;
        const afterCommit = () => {
          throw new Error('a read-only action has nothing to commit');
        };
        return (await handler({ tx: deps.db, event, out, actor, deps, log, afterCommit })) ?? {};
      }
      const preload = preloadOf(event);
      // BEGIN, the claim and any preloaded reads go out in one write: one round trip for all.
      const first = (sql: Sql) => {
        const claimed = claimEventOn(sql, claim);
        const preloaded = preload?.(sql);
        // A duplicate never looks at its preload; its failure then surfaces through the claim.
        preloaded?.catch(() => {});
        return claimed.then((c) => ({ ...c, preloaded }));
      };
      const work = async (
        tx: Tx,
        _sql: Sql,
        { fresh, actor, preloaded }: Awaited<ReturnType<typeof first>>,
        beforeCommit: (p: Promise<unknown>) => void,
      ) => {
        if (!fresh) return event.kind === 'card' ? DUPLICATE_ANSWER : {};
        const out = new OutboxWriter(tx);
        const tasks: (() => Promise<void>)[] = [];
        const afterCommit = (task: () => Promise<void>) => void tasks.push(task);
        const handler = handlers[event.kind] as (c: unknown) => Promise<CallbackAnswer | undefined>;
        const result = await handler({
          tx,
          event,
          out,
          actor,
          deps,
          log,
          afterCommit,
          preloaded,
          beforeCommit,
        });
        outboxIds = out.ids;
        after = tasks;
        return result ?? {};
      };
      answer = await pipelinedTransaction(deps.db, first, work);
    } catch (err) {
      if (err instanceof DomainError) {
        log.info({ code: err.code }, 'refused');
        return { toast: { type: 'error', content: err.message } };
      }
      throw err;
    }
    // Not awaited by the caller's answer path on failure: the relay's sweep sends what this misses.
    if (outboxIds.length > 0)
      deps
        .enqueueOutbox(outboxIds)
        .catch((err) => log.error({ err: String(err) }, 'enqueue after commit failed'));
    for (const task of after)
      task().catch((err) => log.error({ err: String(err) }, 'after-commit task failed'));
    return answer;
  }

  return {
    /** Handles a decrypted envelope (or the SDK's flattened event). Throws only on unexpected failure. */
    async handle(raw: unknown): Promise<CallbackAnswer> {
      const event = normalizeEvent(raw);
      if (!event) {
        deps.logger.debug(
          { raw_type: (raw as { header?: { event_type?: string } })?.header?.event_type },
          'ignored event',
        );
        return {};
      }
      return run(event);
    },
  };
}
export type Dispatcher = ReturnType<typeof createDispatcher>;

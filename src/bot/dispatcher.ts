import { SENT_PRIVATELY } from '../cards/group';
import { type ActionValue, actionValue } from '../cards/values';
import { pipelinedTransaction, rawSql, type Sql, type Tx } from '../db/client';
import { claimEvent, claimEventOn, markSeen } from '../db/sql/actor';
import { type ChatInfo, chatInfoOn, stageUnitOn } from '../db/sql/chats';
import { DomainError } from '../domain/errors';
import { OutboxWriter } from '../outbox/write';
import { actions } from './actions';
import type { Action, ReadContext } from './actions/types';
import { controlCharsOf } from './event-guard';
import { handlers } from './events';
import { type Placement, placementOf, sentPrivatelyAnswer } from './group-safe';
import { type BotEvent, normalizeEvent } from './normalize';
import type { BaseContext, BotDeps, CallbackAnswer, EventHandler, WriteContext } from './types';

export const DUPLICATE_ANSWER: CallbackAnswer = {
  toast: { type: 'info', content: '该操作已处理,无需重复提交' },
};
/** What a re-delivered event other than a click gets: nothing (one object, so it can be counted). */
const DUPLICATE_EVENT: CallbackAnswer = {};
const EXPIRED_ANSWER: CallbackAnswer = {
  toast: { type: 'error', content: '该卡片已过期,请发送任意消息重新打开菜单' },
};

/** Where an event goes, decided once: its button value (if a click) is decoded here and nowhere else. */
type Route =
  | { mode: 'expired' }
  | { mode: 'read'; value: ActionValue; run(ctx: ReadContext): Promise<CallbackAnswer> }
  | {
      mode: 'write';
      /** The clicked button's value; undefined for an event that is not a click. */
      value?: ActionValue;
      preload?(sql: Sql): Promise<unknown>;
      run(ctx: WriteContext, preloaded: Promise<unknown> | undefined): Promise<CallbackAnswer | undefined>;
    };

function routeOf(event: BotEvent): Route {
  if (event.kind !== 'card') {
    const handler = handlers[event.kind] as EventHandler;
    return { mode: 'write', run: (ctx) => handler(ctx) };
  }
  const parsed = actionValue.safeParse(event.value);
  if (!parsed.success) return { mode: 'expired' };
  const value = parsed.data;
  const action = actions[value.a] as Action<ActionValue>;
  // The action's declared scope runs before its handler, on the same connection (for a write, inside
  // the transaction after the claim): a refusal rolls the claim back and leaves nothing behind.
  if (action.mode === 'read')
    return {
      mode: 'read',
      value,
      run: async (ctx) => {
        await action.scope({ actor: ctx.actor, db: ctx.tx }, value);
        return action.handle(ctx, value);
      },
    };
  const preload = action.preload;
  return {
    mode: 'write',
    value,
    preload: preload && ((sql) => preload(sql, value)),
    run: async (ctx, preloaded) => {
      await action.scope({ actor: ctx.actor, db: ctx.tx, preloaded }, value);
      return action.handle({ ...ctx, event, preloaded }, value);
    },
  };
}

/** The type of the chat a card was clicked in, read with the claim; other events need none. */
const NO_CHAT: ChatInfo = { type: undefined, leadershipUnitId: null };
function chatOf(sql: Sql, event: BotEvent): Promise<ChatInfo> {
  return event.kind === 'card' && event.chatId ? chatInfoOn(sql, event.chatId) : Promise.resolve(NO_CHAT);
}

/** Whether an answer card must go to the clicker's private chat rather than replace the clicked card. */
async function answersPrivately(sql: Sql, placement: Placement): Promise<boolean> {
  if (placement === 'in-place') return false;
  if (placement === 'private') return true;
  const { stage, unit } = placement.ifStageOfUnit;
  return (await stageUnitOn(sql, stage)) !== unit;
}

/**
 * One entry for both transports. The event id is recorded in the same transaction as the effect,
 * so a re-delivered event does nothing; messages go out through the outbox after commit.
 */
export function createDispatcher(deps: BotDeps) {
  /** `run` timed by kind and action (the button's `a` for a click); duplicates counted by kind. */
  async function timed(event: BotEvent): Promise<CallbackAnswer> {
    const m = deps.metrics;
    if (!m) return run(event);
    const route = routeOf(event);
    const action =
      event.kind === 'card' ? (route.mode === 'expired' ? 'expired' : route.value!.a) : event.kind;
    const end = m.eventDuration.startTimer({ kind: event.kind, action });
    try {
      const answer = await run(event, route);
      if (answer === DUPLICATE_ANSWER || answer === DUPLICATE_EVENT)
        m.eventsDuplicate.inc({ kind: event.kind });
      return answer;
    } finally {
      end();
    }
  }

  async function run(event: BotEvent, route = routeOf(event)): Promise<CallbackAnswer> {
    const log = deps.logger.child({ event_id: event.eventId, event: event.kind, person: event.openId });
    let outboxIds: string[] = [];
    let after: (() => Promise<void>)[] = [];
    let answer: CallbackAnswer | undefined;
    const claim = { eventId: event.eventId, eventType: event.kind, openId: event.openId };
    try {
      if (route.mode !== 'write') {
        // Nothing to make atomic with the claim: no transaction, one round trip in all.
        const [{ fresh, actor, unseen }, chat] = await Promise.all([
          claimEvent(deps.db, claim),
          chatOf(rawSql(deps.db), event),
        ]);
        if (!fresh) return DUPLICATE_ANSWER;
        if (unseen && actor) await markSeen(deps.db, actor.personId);
        if (route.mode === 'expired') {
          log.warn({ value: (event as { value?: unknown }).value }, 'unknown card action');
          return EXPIRED_ANSWER;
        }
        const readAnswer = await route.run({
          tx: deps.db,
          event: event as ReadContext['event'],
          actor,
          deps,
          log,
        });
        if (!readAnswer.card) return readAnswer;
        if (!(await answersPrivately(rawSql(deps.db), placementOf(route.value, chat)))) return readAnswer;
        // A view clicked open on a shared card: to the clicker alone, the group card untouched.
        const card = readAnswer.card.data;
        outboxIds = await deps.db.transaction(async (tx) => {
          const out = new OutboxWriter(tx);
          await out.send({ type: 'open_id', id: event.openId }, { card });
          return out.ids;
        });
        answer = sentPrivatelyAnswer(readAnswer, SENT_PRIVATELY);
      } else {
        // BEGIN, the claim and any preloaded reads go out in one write: one round trip for all.
        const first = (sql: Sql) => {
          const claimed = claimEventOn(sql, claim);
          const chat = chatOf(sql, event);
          const preloaded = route.preload?.(sql);
          // A duplicate never looks at its preload; its failure then surfaces through the claim.
          preloaded?.catch(() => {});
          return Promise.all([claimed, chat]).then(([c, chatInfo]) => ({ ...c, preloaded, chatInfo }));
        };
        const work = async (
          tx: Tx,
          sql: Sql,
          { fresh, actor, unseen, preloaded, chatInfo }: Awaited<ReturnType<typeof first>>,
          beforeCommit: (p: Promise<unknown>) => void,
        ) => {
          if (!fresh) return event.kind === 'card' ? DUPLICATE_ANSWER : DUPLICATE_EVENT;
          if (unseen && actor) await markSeen(tx, actor.personId);
          const out = new OutboxWriter(tx);
          const tasks: (() => Promise<void>)[] = [];
          const base: BaseContext = { event, actor, deps, log };
          const ctx: WriteContext = {
            ...base,
            tx,
            out,
            chat: chatInfo,
            beforeCommit,
            afterCommit: (t) => void tasks.push(t),
          };
          let result = await route.run(ctx, preloaded);
          if (
            result?.card &&
            route.value &&
            (await answersPrivately(sql, placementOf(route.value, chatInfo)))
          ) {
            // Written with the change it shows, so the view and the change commit together.
            await out.send({ type: 'open_id', id: event.openId }, { card: result.card.data });
            result = sentPrivatelyAnswer(result, SENT_PRIVATELY);
          }
          outboxIds = out.ids;
          after = tasks;
          return result ?? {};
        };
        answer = await pipelinedTransaction(deps.db, first, work);
      }
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
      const tainted = controlCharsOf(event);
      if (tainted) {
        // Refused before the claim: nothing is read or written, and a re-delivery is refused alike.
        deps.logger.warn(
          { event_id: JSON.stringify(event.eventId), event: event.kind, field: tainted.field },
          'event refused: control characters',
        );
        return event.kind === 'card' ? { toast: { type: 'error', content: tainted.refusal } } : {};
      }
      return timed(event);
    },
  };
}
export type Dispatcher = ReturnType<typeof createDispatcher>;

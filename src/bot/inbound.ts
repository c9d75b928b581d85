import { isConnectionLost } from '../db/lanes';
import type { Logger } from '../log';
import type { Dispatcher } from './dispatcher';
import type { CallbackAnswer } from './types';

/** Feishu waits 3 s; we answer by this, whatever the handler is doing. */
export const ANSWER_DEADLINE_MS = 2200;

const SLOW: CallbackAnswer = { toast: { type: 'info', content: '正在处理,请稍后查看结果' } };
const FAILED: CallbackAnswer = { toast: { type: 'error', content: '系统繁忙,请稍后重试' } };
/** The database went away mid-click: nothing half-done was kept, and a retry is never applied twice. */
export const DB_LOST: CallbackAnswer = {
  toast: { type: 'error', content: '数据库暂时无法连接,请稍后重试(已完成的操作不会重复处理)' },
};

function isCard(raw: unknown): boolean {
  const r = raw as { header?: { event_type?: string }; event_type?: string };
  return (r?.header?.event_type ?? r?.event_type) === 'card.action.trigger';
}

/**
 * Runs the dispatcher under a deadline and never throws: a handler that fails or hangs is logged
 * and Feishu still gets an answer in time (the work, if it finishes later, still commits once).
 */
export async function dispatchWithDeadline(
  dispatcher: Dispatcher,
  raw: unknown,
  logger: Logger,
  deadlineMs = ANSWER_DEADLINE_MS,
): Promise<CallbackAnswer> {
  const card = isCard(raw);
  const eventId =
    (raw as { header?: { event_id?: string }; event_id?: string })?.header?.event_id ??
    (raw as { event_id?: string })?.event_id;
  let timer: NodeJS.Timeout | undefined;
  const work = dispatcher.handle(raw).catch((err: unknown) => {
    logger.error(
      { event_id: eventId, err: err instanceof Error ? err.stack : String(err) },
      'event handler failed',
    );
    return card ? (isConnectionLost(err) ? DB_LOST : FAILED) : {};
  });
  const late = new Promise<CallbackAnswer>((resolve) => {
    timer = setTimeout(() => {
      logger.warn({ event_id: eventId, deadline_ms: deadlineMs }, 'event handler missed the answer deadline');
      resolve(card ? SLOW : {});
    }, deadlineMs);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
